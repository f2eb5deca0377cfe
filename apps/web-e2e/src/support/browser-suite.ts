import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, newPerson, withFailureScreenshots } from './browser';
import { takeUncaughtErrors } from './chat-app';
import { startApi, type ApiServer } from './server';

/** What a browser suite shares: its API server, its browser, and a context per person it opened. */
export interface BrowserSuite {
  readonly api: ApiServer;
  readonly browser: Browser;
  /** A new person: a browser context of their own, closed with the browser. */
  person(options?: Parameters<typeof newPerson>[1]): Promise<BrowserContext>;
  /** Runs a scenario, with a screenshot of every open page when it fails. */
  scenario(name: string, body: () => Promise<void>): Promise<void>;
}

/**
 * The fixtures of a browser suite, registered in its describe block: an API server (with `env`) and a browser started
 * before the tests, no uncaught page error after each, both stopped after the last.
 */
export function browserSuite(env: Record<string, string> = {}): BrowserSuite {
  let api: ApiServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi(env), launchBrowser()]);
  });
  afterEach(() => expect(takeUncaughtErrors()).toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite has not started (use it inside a test)');
    return value;
  };
  return {
    get api() {
      return started(api);
    },
    get browser() {
      return started(browser);
    },
    async person(options) {
      const context = await newPerson(started(browser), options);
      contexts.push(context);
      return context;
    },
    scenario: (name, body) => withFailureScreenshots(name, () => contexts.flatMap((context) => context.pages()), body),
  };
}
