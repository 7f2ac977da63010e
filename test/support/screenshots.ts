import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectPath } from '../../src/common/web/project-paths.js';

/**
 * Where journey screenshots go: `docs/screenshots/` (the README walkthrough) when DOCS_SCREENSHOTS=1,
 * otherwise the ignored `test-output/screenshots/`, so an ordinary test run leaves the tree clean.
 */
const SCREENSHOT_DIR = process.env.DOCS_SCREENSHOTS === '1' ? projectPath('docs', 'screenshots') : projectPath('test-output', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
