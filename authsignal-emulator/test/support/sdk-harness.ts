import { Authsignal } from '@authsignal/node';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../test/support/chromium.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator.js';
import { type AppPages, startAppPages } from './app-pages.js';

/** A second tenant whose tokens expire after one second, for the expired-token paths. */
export const SHORT_TENANT = { tenantId: 'short-lived', apiSecretKey: 'short-lived-secret', tokenLifetimeSeconds: 1 };

export interface SdkHarness {
  app: AppPages;
  emulator: RunningEmulator;
  /** The node SDK for the main tenant and for `SHORT_TENANT`. */
  server: Authsignal;
  shortLived: Authsignal;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * What a browser-SDK suite runs against: a page server on an expected origin, an emulator with the main
 * and the short-lived tenant, the node SDK for both, and one Chromium for the whole file.
 */
export async function startSdkHarness(): Promise<SdkHarness> {
  const app = await startAppPages();
  const emulator = await startEmulator({
    port: 0,
    logLevel: 'silent',
    tenants: [{ expectedOrigins: [app.origin] }, { ...SHORT_TENANT, expectedOrigins: [app.origin] }],
  });
  const browser = await launchChromium();
  return {
    app,
    emulator,
    browser,
    server: new Authsignal({ apiSecretKey: emulator.tenant.apiSecretKey, apiUrl: emulator.apiUrl }),
    shortLived: new Authsignal({ apiSecretKey: SHORT_TENANT.apiSecretKey, apiUrl: emulator.apiUrl }),
    close: async () => {
      await browser.close();
      await emulator.close();
      await app.close();
    },
  };
}
