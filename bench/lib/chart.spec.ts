import { describe, expect, it } from '@jest/globals';
import { escapeXml, throughputChart } from './chart.js';

describe('throughputChart', () => {
  const svg = throughputChart(
    [
      { title: 'JWKS', unit: 'req', ours: 900, bare: 1000 },
      { title: 'passkey <sign-in>', unit: 'flows', ours: 250 },
    ],
    'Throughput',
  );

  it('is one SVG document with a panel per workload', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('JWKS — ours/bare 0.90');
    expect(svg).toContain('900 req/s');
    expect(svg).toContain('1,000 req/s');
  });

  it('scales each panel to its own largest bar', () => {
    const widths = [...svg.matchAll(/<rect x="70" y="\d+" width="(\d+)"/g)].map((match) => Number(match[1]));
    expect(widths).toEqual([342, 380, 380]);
  });

  it('escapes titles and says when the bare provider does not serve a workload', () => {
    expect(svg).toContain('passkey &lt;sign-in&gt;');
    expect(svg).toContain('not served by the bare provider');
  });
});

describe('escapeXml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeXml('a & <b> "c"')).toBe('a &amp; &lt;b&gt; &quot;c&quot;');
  });
});
