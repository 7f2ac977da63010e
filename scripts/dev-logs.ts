/**
 * `npm start`'s log lines in a terminal: one readable line per entry instead of pino's JSON, e.g.
 *   21:49:17.236 INFO  identity-server     DemoDataSeeder  Created demo user alice
 *   21:49:20.101 INFO  client-app          GET /profile → 200 in 12 ms
 *   21:49:21.554 WARN  identity-server     PasswordCheck  event=sign_in.password outcome=failure username=bob
 * A line that is not a pino entry (another logger's, a warning on stderr) is shown as it is, after the
 * app's name. Errors keep their stack, indented below.
 */

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '90' },
  20: { name: 'DEBUG', color: '36' },
  30: { name: 'INFO', color: '32' },
  40: { name: 'WARN', color: '33' },
  50: { name: 'ERROR', color: '31' },
  60: { name: 'FATAL', color: '41;97' },
};

/** Fields every entry has, or that get a place of their own in the line. */
const SHOWN_APART = new Set(['level', 'time', 'pid', 'hostname', 'name', 'context', 'msg', 'req', 'res', 'responseTime', 'err']);

const APP_COLUMN = 19;

export interface LogLineStyle {
  /** ANSI colours (a terminal that shows them). */
  color: boolean;
}

/** The line as it is shown: the readable form of a pino entry, else the line itself after `app`. */
export function formatLogLine(line: string, app: string, style: LogLineStyle): string {
  const entry = parseEntry(line);
  const paint = (code: string, text: string) => (style.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  if (!entry) return `${paint('90', clock(new Date()))} ${' '.repeat(5)} ${paint('35', app.padEnd(APP_COLUMN))} ${line}`;

  const level = LEVELS[entry.level] ?? { name: String(entry.level), color: '0' };
  const head = `${paint('90', clock(new Date(typeof entry.time === 'number' ? entry.time : Date.now())))} ${paint(level.color, level.name.padEnd(5))} ${paint('35', String(entry.name ?? app).padEnd(APP_COLUMN))}`;
  const parts = [head];
  if (typeof entry.context === 'string') parts.push(paint('36', entry.context));
  parts.push(describe(entry));
  const fields = Object.entries(entry)
    .filter(([key, value]) => !SHOWN_APART.has(key) && value !== undefined)
    .map(([key, value]) => `${paint('90', `${key}=`)}${typeof value === 'string' ? quoteIfSpaced(value) : JSON.stringify(value)}`);
  if (fields.length > 0) parts.push(fields.join(' '));
  const shown = parts.filter(Boolean).join(' ');
  const stack = errorStack(entry.err);
  return stack ? `${shown}\n${stack.map((frame) => paint('90', `    ${frame}`)).join('\n')}` : shown;
}

interface PinoEntry {
  level: number;
  time?: unknown;
  name?: unknown;
  context?: unknown;
  msg?: unknown;
  req?: { method?: string; path?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: unknown;
  err?: unknown;
  [field: string]: unknown;
}

function parseEntry(line: string): PinoEntry | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as unknown;
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as PinoEntry).level === 'number' ? (parsed as PinoEntry) : undefined;
  } catch {
    return undefined;
  }
}

/** A request's completion reads as one: method, path, status and time; anything else by its message. */
function describe(entry: PinoEntry): string {
  if (entry.req && entry.res) {
    const took = typeof entry.responseTime === 'number' ? ` in ${entry.responseTime} ms` : '';
    return `${entry.req.method ?? ''} ${entry.req.path ?? entry.req.url ?? ''} → ${entry.res.statusCode ?? '?'}${took}`;
  }
  const error = entry.err as { message?: unknown } | undefined;
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  return [message, typeof error?.message === 'string' ? error.message : ''].filter(Boolean).join(': ').replace(/\s*\n\s*/g, ' ');
}

function errorStack(err: unknown): string[] | undefined {
  const stack = (err as { stack?: unknown } | undefined)?.stack;
  if (typeof stack !== 'string') return undefined;
  return stack
    .split('\n')
    .slice(1)
    .map((frame) => frame.trim())
    .filter(Boolean);
}

function quoteIfSpaced(value: string): string {
  return /[\s"]/.test(value) ? JSON.stringify(value) : value;
}

function clock(date: Date): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
