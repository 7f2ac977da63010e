import { describe, expect, it } from '@jest/globals';
import { decodeComponent, decodeUtf8, parseForm, queryProblem, shapeProblem, textProblem } from './input-checks.js';

describe(textProblem.name, () => {
  it.each(['plain', 'zoë 名前 🙂', ''])('passes %p', (text) => {
    expect(textProblem(text)).toBeNull();
  });

  it.each([
    ['a NUL', 'a\u0000b', /NUL/],
    ['a lone high surrogate', 'a\ud800', /surrogate/],
    ['a lone low surrogate', '\udc00b', /surrogate/],
  ])('refuses %s', (_case, text, reason) => {
    expect(textProblem(text)).toMatch(reason);
  });
});

describe(decodeComponent.name, () => {
  it('decodes UTF-8 and, in forms, plus as space', () => {
    expect(decodeComponent('zo%C3%AB+x', true)).toBe('zoë x');
    expect(decodeComponent('a+b', false)).toBe('a+b');
  });

  it.each(['%FF', '%ED%A0%80', '%E0%A4', '%'])('refuses %p instead of replacing it', (component) => {
    expect(decodeComponent(component, true)).toBeNull();
  });
});

describe(decodeUtf8.name, () => {
  it('refuses bytes that are not UTF-8', () => {
    expect(decodeUtf8(Buffer.from([0x61, 0xff]))).toBeNull();
    expect(decodeUtf8(Buffer.from('zoë'))).toBe('zoë');
  });
});

describe(parseForm.name, () => {
  it('gives flat fields, with no prototype to pollute', () => {
    const parsed = parseForm('username=alice&password=a%26b&__proto__=x');
    expect(parsed).toEqual({ fields: expect.objectContaining({ username: 'alice', password: 'a&b' }) });
    expect(Object.getPrototypeOf((parsed as { fields: object }).fields)).toBeNull();
  });

  it.each([
    ['a repeated field', 'a=1&a=2', /repeated/],
    ['a NUL', 'username=al%00ice', /NUL/],
    ['invalid UTF-8', 'username=%FF', /UTF-8/],
  ])('refuses %s', (_case, text, reason) => {
    expect(parseForm(text)).toEqual({ problem: expect.stringMatching(reason) });
  });
});

describe(queryProblem.name, () => {
  it('lets repeated names through (the parser decides) and refuses NULs in names and values', () => {
    expect(queryProblem('scope=a&scope=b')).toBeNull();
    expect(queryProblem('st%00ate=x')).toMatch(/NUL/);
    expect(queryProblem('state=%00')).toMatch(/NUL/);
  });
});

describe(shapeProblem.name, () => {
  it('takes an object of text fields when flat', () => {
    expect(shapeProblem({ username: 'alice', _csrf: 't' }, { maxDepth: 1, flat: true })).toBeNull();
  });

  it.each([12345, true, null, ['alice'], { name: 'alice' }])('refuses a flat field that is %p', (value) => {
    expect(shapeProblem({ username: value }, { maxDepth: 1, flat: true })).toMatch(/must be text/);
  });

  it.each(['a string', 7, null, []])('refuses a flat body that is %p', (body) => {
    expect(shapeProblem(body, { maxDepth: 1, flat: true })).toMatch(/object of text fields/);
  });

  it('accepts nesting up to the limit and refuses beyond it, without recursing', () => {
    const nested = (depth: number): unknown => (depth === 1 ? { leaf: 'x' } : { child: nested(depth - 1) });
    expect(shapeProblem(nested(4), { maxDepth: 4 })).toBeNull();
    expect(shapeProblem(nested(5), { maxDepth: 4 })).toMatch(/deeper than 4/);
    let deep: unknown = 'x';
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(shapeProblem(deep, { maxDepth: 16 })).toMatch(/deeper/);
  });

  it('refuses NULs and lone surrogates in nested values and names', () => {
    expect(shapeProblem({ a: [{ b: 'x\u0000' }] }, { maxDepth: 8 })).toMatch(/NUL/);
    expect(shapeProblem({ a: { '\ud800': 1 } }, { maxDepth: 8 })).toMatch(/surrogate/);
  });
});
