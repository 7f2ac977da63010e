import type hbs from 'hbs';

type Views = ReturnType<typeof hbs.create>;

const STATE_TONES: Record<string, string> = {
  ALLOW: 'ok',
  CHALLENGE_SUCCEEDED: 'ok',
  REVIEW_SUCCEEDED: 'ok',
  CHALLENGE_REQUIRED: 'pending',
  REVIEW_REQUIRED: 'pending',
  CHALLENGE_FAILED: 'bad',
  REVIEW_FAILED: 'bad',
  BLOCK: 'bad',
};

/** Handlebars helpers of the emulator's pages (one instance per emulator, not the global hbs). */
export function registerViewHelpers(views: Views): void {
  views.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  views.registerHelper('stateTone', (state: string) => STATE_TONES[state] ?? 'neutral');
  views.registerHelper('time', (iso: unknown) => {
    if (typeof iso !== 'string') return '';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').slice(0, 19);
  });
}
