import { describe, expect, it } from '@jest/globals';
import { formatLogLine } from './dev-logs.js';

const at = new Date(2026, 11, 4, 21, 49, 17, 236).getTime();
const plain = { color: false };
const entry = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: at, pid: 1, hostname: 'vm', name: 'identity-server', ...fields });

describe(formatLogLine.name, () => {
  it('shows a pino entry on one line: time, level, app, context and message', () => {
    expect(formatLogLine(entry({ context: 'DemoDataSeeder', msg: 'Created demo user alice' }), 'identity-server', plain)).toBe(
      '21:49:17.236 INFO  identity-server     DemoDataSeeder Created demo user alice',
    );
  });

  it('shows a finished request as method, path, status and time', () => {
    const line = entry({ name: 'client-app', req: { id: 'r1', method: 'GET', path: '/profile' }, res: { statusCode: 200, headers: {} }, responseTime: 12, msg: 'request completed' });
    expect(formatLogLine(line, 'client-app', plain)).toBe('21:49:17.236 INFO  client-app          GET /profile → 200 in 12 ms');
  });

  it('keeps an event’s own fields as key=value, quoting what has spaces', () => {
    const line = entry({ level: 40, context: 'PasswordCheck', event: 'sign_in.password', outcome: 'failure', username: 'bob smith', attempts: 3 });
    expect(formatLogLine(line, 'identity-server', plain)).toBe(
      '21:49:17.236 WARN  identity-server     PasswordCheck event=sign_in.password outcome=failure username="bob smith" attempts=3',
    );
  });

  it('keeps an error’s message on the line and its stack below it', () => {
    const line = entry({ level: 50, context: 'OidcProvider', event: 'oidc.server_error', err: { message: 'boom', stack: 'Error: boom\n    at one (a.js:1:1)\n    at two (b.js:2:2)' } });
    expect(formatLogLine(line, 'identity-server', plain).split('\n')).toEqual([
      '21:49:17.236 ERROR identity-server     OidcProvider boom event=oidc.server_error',
      '    at one (a.js:1:1)',
      '    at two (b.js:2:2)',
    ]);
  });

  it('shows any other line as it is, after the app it came from', () => {
    expect(formatLogLine('oidc-provider WARNING: Unsupported runtime.', 'identity-server', plain)).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {7}identity-server {5}oidc-provider WARNING: Unsupported runtime\.$/);
    expect(formatLogLine('{"not": "pino"}', 'client-app', plain)).toMatch(/client-app {10}\{"not": "pino"\}$/);
  });

  it('colours the level for a terminal, and only then', () => {
    expect(formatLogLine(entry({ level: 50, msg: 'x' }), 'identity-server', { color: true })).toContain('\u001b[31mERROR\u001b[0m');
    expect(formatLogLine(entry({ level: 50, msg: 'x' }), 'identity-server', plain)).not.toContain('\u001b[');
  });
});
