import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { createRequire } from 'node:module';

/** Where our pages load `@authsignal/browser` from: our own origin, never a CDN. */
export const AUTHSIGNAL_BROWSER_SDK_PATH = '/vendor/authsignal-browser.min.js';

/** The SDK's self-contained build (it sets `window.authsignal`), as npm installed it. */
const SDK_FILE = createRequire(import.meta.url).resolve('@authsignal/browser/dist/index.min.js');

/** Serves the browser SDK from `node_modules`, so the strict `script-src 'self'` holds and nothing loads from elsewhere. */
export function serveAuthsignalBrowserSdk(app: NestExpressApplication): void {
  app.use(AUTHSIGNAL_BROWSER_SDK_PATH, (_req: Request, res: Response) =>
    res.sendFile(SDK_FILE, { maxAge: '1h', headers: { 'Content-Type': 'text/javascript; charset=utf-8' } }),
  );
}
