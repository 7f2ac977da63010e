import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

// The package's own index re-exports with extensionless paths, which `nodenext` cannot follow: take the class directly.
import type { Authsignal } from '@authsignal/browser/dist/authsignal.js';

/** What a page served by `startAppPages` exposes to tests (`page.evaluate`): the SDK's IIFE build. */
declare global {
  interface Window {
    authsignal: { Authsignal: typeof Authsignal };
  }
}

const SDK = readFileSync(createRequire(import.meta.url).resolve('@authsignal/browser/dist/index.min.js'), 'utf8');

/** A page with the browser SDK loaded and a username field for passkey autofill (`autocomplete="username webauthn"`). */
const APP_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test application</title><script src="/sdk.js"></script></head>
<body><h1>Test application</h1><label>Username <input id="username" name="username" autocomplete="username webauthn"></label></body></html>`;

/** Where the pre-built UI sends the browser back in redirect mode. */
const CALLBACK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Callback</title></head><body><h1>Back in the application</h1></body></html>`;

export interface AppPages {
  /** `http://<host>:<port>`: an origin to list (or not) among the tenant's expected origins. */
  origin: string;
  close(): Promise<void>;
}

/**
 * A stand-in for an application on its own origin: `/` loads @authsignal/browser (read from node_modules, as the
 * emulator serves it), `/callback` is a landing page. Listens on loopback; `hostname` is what the browser uses.
 */
export async function startAppPages(hostname = 'localhost'): Promise<AppPages> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const [type, body] =
      path === '/sdk.js' ? ['text/javascript', SDK] : path === '/callback' ? ['text/html', CALLBACK_PAGE] : path === '/' ? ['text/html', APP_PAGE] : [];
    response.writeHead(type ? 200 : 404, { 'Content-Type': `${type ?? 'text/plain'}; charset=utf-8`, 'Cache-Control': 'no-store' });
    response.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${hostname}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
