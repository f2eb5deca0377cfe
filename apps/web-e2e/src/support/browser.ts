import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM } from './paths';

/** Debian's Chromium, headless, with nothing that tries to reach the internet. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A person's own browser profile (cookies, tabs), on a desktop screen unless told otherwise. */
export function newPerson(browser: Browser, options: { width?: number; height?: number; dark?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: options.width ?? 1200, height: options.height ?? 800 },
    colorScheme: options.dark ? 'dark' : 'light',
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * Runs a scenario; if it fails, every page still open gets a screenshot (`failed-<scenario>-<n>.png`)
 * before the error goes on to Jest.
 */
export async function withFailureScreenshots(name: string, pages: () => Page[], scenario: () => Promise<void>): Promise<void> {
  try {
    await scenario();
  } catch (error) {
    const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await Promise.all(
      pages().map((page, index) => (page.isClosed() ? null : screenshot(page, `failed-${slug}-${index}`).catch(() => null))),
    );
    throw error;
  }
}
