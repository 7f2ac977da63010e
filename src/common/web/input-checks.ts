/**
 * The rules every piece of text from a request must pass before any service, driver or library sees
 * it. Pure functions, so each rule has its own spec; `request-input.ts` applies them at the edge.
 *
 * Why these: PostgreSQL (and PGlite) refuse U+0000 in `text` and `jsonb`, so a NUL anywhere became a
 * 500; a lone surrogate cannot be encoded as UTF-8 (`encodeURIComponent` throws, `jsonb` refuses it);
 * deeply nested JSON overflows recursive libraries such as class-transformer.
 */

/** Why a piece of text is refused, or null when it may pass. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character';
  if (!text.isWellFormed()) return 'contains invalid Unicode (a lone surrogate)';
  return null;
}

/** Percent-decoding that refuses what is not UTF-8, instead of quietly turning it into U+FFFD. */
export function decodeComponent(component: string, plusIsSpace: boolean): string | null {
  try {
    return decodeURIComponent(plusIsSpace ? component.replace(/\+/g, ' ') : component);
  } catch {
    return null;
  }
}

/** UTF-8 bytes as text, or null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

export type ParsedForm = { fields: Record<string, string> } | { problem: string };

/**
 * An `application/x-www-form-urlencoded` body (or query string) as fields, strictly: every name and
 * value must decode as UTF-8 and pass `textProblem`, and a name may appear once (our forms have no
 * repeated or nested fields, so `a=1&a=2` or `a[b]=c` never reach a handler as an array or object).
 */
export function parseForm(text: string): ParsedForm {
  const fields: Record<string, string> = Object.create(null);
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const name = decodeComponent(separator < 0 ? pair : pair.slice(0, separator), true);
    const value = decodeComponent(separator < 0 ? '' : pair.slice(separator + 1), true);
    if (name === null || value === null) return { problem: 'a field is not valid percent-encoded UTF-8' };
    const problem = textProblem(name) ?? textProblem(value);
    if (problem) return { problem: `a field ${problem}` };
    if (name in fields) return { problem: `the field "${name.slice(0, 32)}" is repeated` };
    fields[name] = value;
  }
  return { fields };
}

/** A query string checked like a form's fields, except that repeated names are the parser's business. */
export function queryProblem(query: string): string | null {
  for (const pair of query.split('&')) {
    for (const component of pair.split('=')) {
      const decoded = decodeComponent(component, true);
      if (decoded === null) return 'the query string is not valid percent-encoded UTF-8';
      const problem = textProblem(decoded);
      if (problem) return `the query string ${problem}`;
    }
  }
  return null;
}

export interface ShapeLimits {
  /** Objects and arrays nested deeper than this are refused (the top-level object is depth 1). */
  maxDepth: number;
  /** Every value must be a string, directly under the top-level object: the shape of an HTML form. */
  flat?: boolean;
}

/**
 * Why a parsed JSON body is refused, or null. Walks with an explicit stack, so the check itself cannot
 * overflow on the nesting it is there to refuse.
 */
export function shapeProblem(body: unknown, limits: ShapeLimits): string | null {
  if (limits.flat) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be an object of text fields';
    for (const [name, value] of Object.entries(body)) {
      if (typeof value !== 'string') return `the field "${name.slice(0, 32)}" must be text`;
      const problem = textProblem(name) ?? textProblem(value);
      if (problem) return `a field ${problem}`;
    }
    return null;
  }
  const stack: Array<{ value: unknown; depth: number }> = [{ value: body, depth: 1 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return `a value ${problem}`;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limits.maxDepth) return `the body is nested deeper than ${limits.maxDepth} levels`;
    for (const [name, child] of Object.entries(value)) {
      const problem = textProblem(name);
      if (problem) return `a field name ${problem}`;
      stack.push({ value: child, depth: depth + 1 });
    }
  }
  return null;
}
