import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addVirtualAuthenticator, type VirtualAuthenticator } from '../../../test/support/chromium.js';

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  authenticator: VirtualAuthenticator;
  close(): Promise<void>;
}

/** A fresh context (own storage, own cookies) with a page at `url` and a virtual platform authenticator. */
export async function openSession(browser: Browser, url: string): Promise<BrowserSession> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const authenticator = await addVirtualAuthenticator(context, page);
  await page.goto(url);
  return { context, page, authenticator, close: () => context.close() };
}
