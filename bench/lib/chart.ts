/** One panel of the chart: a workload's throughput, ours and (where it serves it) the bare provider's. */
export interface ChartPanel {
  title: string;
  unit: string;
  ours: number;
  bare?: number;
}

const PANEL_WIDTH = 560;
const PANEL_HEIGHT = 74;
const LABEL_WIDTH = 70;
const BAR_AREA = PANEL_WIDTH - LABEL_WIDTH - 110;
const COLOURS = { ours: '#2f6fb3', bare: '#9aa5b1' };

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const format = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 1 : 0 });

/**
 * Small multiples, one panel per workload, each scaled to its own largest bar: discovery serves
 * thousands per second and a sign-in tens, so one shared axis would hide every flow.
 */
export function throughputChart(panels: ChartPanel[], caption: string): string {
  const height = 40 + panels.length * PANEL_HEIGHT + 10;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PANEL_WIDTH + 20}" height="${height}" viewBox="0 0 ${PANEL_WIDTH + 20} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(caption)}</text>`,
    `<rect x="${PANEL_WIDTH - 170}" y="10" width="10" height="10" fill="${COLOURS.ours}"/><text x="${PANEL_WIDTH - 155}" y="19">ours</text>`,
    `<rect x="${PANEL_WIDTH - 110}" y="10" width="10" height="10" fill="${COLOURS.bare}"/><text x="${PANEL_WIDTH - 95}" y="19">bare oidc-provider</text>`,
  ];
  panels.forEach((panel, index) => {
    const top = 40 + index * PANEL_HEIGHT;
    const max = Math.max(panel.ours, panel.bare ?? 0) || 1;
    const ratioText = panel.bare ? ` — ours/bare ${(panel.ours / panel.bare).toFixed(2)}` : '';
    parts.push(`<text x="10" y="${top + 12}" font-weight="bold">${escapeXml(panel.title)}${escapeXml(ratioText)}</text>`);
    const bars: Array<[string, number | undefined, string]> = [
      ['ours', panel.ours, COLOURS.ours],
      ['bare', panel.bare, COLOURS.bare],
    ];
    bars.forEach(([label, value, colour], row) => {
      const y = top + 20 + row * 22;
      parts.push(`<text x="10" y="${y + 13}">${label}</text>`);
      if (value === undefined) {
        parts.push(`<text x="${LABEL_WIDTH}" y="${y + 13}" fill="#666666">not served by the bare provider</text>`);
        return;
      }
      const width = Math.max(1, Math.round((value / max) * BAR_AREA));
      parts.push(`<rect x="${LABEL_WIDTH}" y="${y}" width="${width}" height="16" fill="${colour}"/>`);
      parts.push(`<text x="${LABEL_WIDTH + width + 6}" y="${y + 13}">${escapeXml(`${format(value)} ${panel.unit}/s`)}</text>`);
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
