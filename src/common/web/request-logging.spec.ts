import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { requestId, requestLogger } from './request-logging.js';

const requestWith = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe(requestId.name, () => {
  it('reuses a well-formed X-Request-Id from a proxy', () => {
    expect(requestId(requestWith({ 'x-request-id': 'abc12345-proxy' }))).toBe('abc12345-proxy');
  });

  it.each(['short', 'has spaces in it', 'x'.repeat(65), '<script>alert(1)</script>'])('mints a new id instead of %s', (incoming) => {
    expect(requestId(requestWith({ 'x-request-id': incoming }))).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe(requestLogger.name, () => {
  it('gives each app its own logger, name and level, even in one process', () => {
    const identityServer = requestLogger('warn', 'identity-server');
    const clientApp = requestLogger('info', 'client-app');
    expect(identityServer.logger).not.toBe(clientApp.logger);
    expect(identityServer.logger.level).toBe('warn');
    expect(clientApp.logger.level).toBe('info');
  });
});
