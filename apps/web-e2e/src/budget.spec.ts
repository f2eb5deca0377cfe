import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPerson } from './support/browser';
import { takeUncaughtErrors } from './support/chat-app';
import { WEB_INDEX } from './support/paths';
import { startApi, type ApiServer } from './support/server';

/**
 * The budget of the first load (Lighthouse-style): the JavaScript every visit downloads before anything shows — the
 * scripts and module preloads of index.html — stays under 81 kB transferred. Heavy features load lazily (a route, a
 * dynamic `import()` as for socket.io-client, or `@defer`), never from these files.
 */
const INITIAL_JS_BUDGET = 81_000;

/** The JavaScript index.html loads at once: its scripts and module preloads. */
function initialScripts(): string[] {
  const index = readFileSync(WEB_INDEX, 'utf8');
  const scripts = [...index.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((match) => match[1]);
  const preloads = [...index.matchAll(/<link rel="modulepreload" href="([^"]+\.js)"/g)].map((match) => match[1]);
  return [...new Set([...scripts, ...preloads])];
}

describe('the initial load', () => {
  let api: ApiServer;
  let browser: Browser;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi(), launchBrowser()]);
  });

  afterEach(() => expect(takeUncaughtErrors()).toEqual([]));

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  it('keeps the initial JavaScript under 81 kB brotli-compressed (as Angular estimates it)', () => {
    const files = initialScripts();
    expect(files.length).toBeGreaterThanOrEqual(2);
    const sizes = files.map((file) => {
      const content = readFileSync(join(dirname(WEB_INDEX), file));
      return brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }).length;
    });
    const total = sizes.reduce((sum, size) => sum + size, 0);
    process.stdout.write(`initial JS, brotli 11: ${files.map((file, i) => `${file} ${sizes[i]} B`).join(', ')}; total ${total} B\n`);
    expect(total).toBeLessThan(INITIAL_JS_BUDGET);
  });

  it('downloads under 81 kB of initial JavaScript over the wire, and loads the chat code only once signed in', async () => {
    const initial = new Set(initialScripts());
    const visit = async () => {
      const context = await newPerson(browser);
      const page = await context.newPage();
      const scripts: { file: string; bytes: number; encoding: string | undefined }[] = [];
      const measured: Promise<void>[] = [];
      page.on('requestfinished', (request) => {
        const file = new URL(request.url()).pathname.slice(1);
        if (!file.endsWith('.js')) return;
        measured.push(
          Promise.all([request.sizes(), request.response()]).then(([sizes, response]) => {
            scripts.push({ file, bytes: sizes.responseBodySize, encoding: response?.headers()['content-encoding'] });
          }),
        );
      });
      await page.goto(api.url);
      await page.getByRole('tab', { name: 'Log in' }).waitFor();
      await page.waitForLoadState('networkidle');
      await Promise.all(measured);
      await context.close();
      return scripts;
    };
    const initialBytes = (scripts: readonly { file: string; bytes: number }[]) =>
      scripts.filter((script) => initial.has(script.file)).reduce((sum, script) => sum + script.bytes, 0);
    // The server compresses each content-hashed bundle with brotli for good the first time it is asked for, in the
    // background, and serves it gzipped until then (longer on a loaded machine): visit again until every initial
    // bundle comes as brotli. (theme.js, tiny and not hashed, is always gzipped.)
    const allBrotli = (scripts: readonly { file: string; encoding: string | undefined }[]) =>
      scripts
        .filter((script) => initial.has(script.file) && /-[A-Z0-9]{8,}\.js$/.test(script.file))
        .every((script) => script.encoding === 'br');
    let scripts = await visit();
    for (let attempt = 0; attempt < 40 && !allBrotli(scripts); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      scripts = await visit();
    }
    expect(allBrotli(scripts)).toBe(true);
    const first = initialBytes(scripts);
    const all = scripts.reduce((sum, script) => sum + script.bytes, 0);
    process.stdout.write(`login page JS over the wire: initial ${first} B, with the login page's lazy chunks ${all} B\n`);
    expect(scripts.filter((script) => initial.has(script.file))).toHaveLength(initial.size);
    expect(first).toBeLessThan(INITIAL_JS_BUDGET);
    expect(scripts.some((script) => /socket\.io|chat/i.test(script.file))).toBe(false);
  });
});
