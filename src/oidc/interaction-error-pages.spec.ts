import { describe, expect, it } from '@jest/globals';
import { errorPage, InteractionErrorPages, onError } from './interaction-error-pages.js';

class StepError extends Error {}
class SpecialStepError extends StepError {}
class OtherError extends Error {}

describe(InteractionErrorPages.name, () => {
  const page = (error: typeof StepError, title: string) => errorPage(error, { status: 400, title, message: 'm' });

  it('finds the page of an error’s own class, else of its nearest registered ancestor, else none', () => {
    const pages = new InteractionErrorPages();
    pages.register(page(StepError, 'step'));
    expect(pages.find(new StepError())?.error).toBe(StepError);
    expect(pages.find(new SpecialStepError())?.error).toBe(StepError);
    pages.register(page(SpecialStepError, 'special'));
    expect(pages.find(new SpecialStepError())?.error).toBe(SpecialStepError);
    expect(pages.find(new OtherError())).toBeUndefined();
    expect(pages.find('not an error')).toBeUndefined();
  });

  it('keeps the first page registered for an error two steps both register', () => {
    const pages = new InteractionErrorPages();
    const first = onError({ error: StepError, respond: () => undefined });
    pages.register(first, page(StepError, 'second'));
    expect(pages.find(new StepError())).toBe(first);
  });
});
