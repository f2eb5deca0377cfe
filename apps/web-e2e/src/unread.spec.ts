import type { Browser, BrowserContext } from 'playwright-core';
import { ApiClient } from './support/api-client';
import { launchBrowser, newPerson, screenshot, withFailureScreenshots } from './support/browser';
import { ChatApp, takeUncaughtErrors } from './support/chat-app';
import { eventually } from './support/eventually';
import { startApi, type ApiServer } from './support/server';

const PASSWORD = 'correct horse battery staple';
const UNREAD = 120;
const text = (n: number) => `unread ${String(n).padStart(3, '0')}`;

/**
 * Coming back to 120 unread messages: the conversation opens at the first of them under a "New messages" line, the
 * read marker moves only over what has been on screen, and the jumps to the latest and back to the first unread
 * work. One journey: each step builds on the last.
 */
describe('a long unread stretch in the browser', () => {
  let api: ApiServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let bob: ChatApp;
  let bobsMarker: () => Promise<number>;
  let conversationId: string;
  const pages = () => contexts.flatMap((context) => context.pages());
  const step = (name: string, body: () => Promise<void>) => it(name, () => withFailureScreenshots(name, pages, body));

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi(), launchBrowser()]);
  });

  afterEach(() => expect(takeUncaughtErrors()).toEqual([]));

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  step('Alice writes 120 messages while Bob is elsewhere in the app', async () => {
    const context = await newPerson(browser, { height: 700 });
    contexts.push(context);
    const alice = await ChatApp.open(await newPerson(browser), api.url);
    contexts.push(alice.page.context());
    await alice.signUp('alice', 'Alice Liddell', PASSWORD);
    bob = await ChatApp.open(context, api.url);
    await bob.signUp('bob', 'Bob Builder', PASSWORD);
    await bob.openDirectWith('Alice Liddell');
    await bob.send('Morning! Tell me everything about the trip.');
    conversationId = bob.page.url().split('/').pop() ?? '';
    await bob.page.goto(`${api.url}/chat`);
    await bob.conversation('Alice Liddell').waitFor();

    const device = await ApiClient.login(api.url, 'alice', PASSWORD);
    for (let n = 1; n <= UNREAD; n++) await device.send(conversationId, text(n));
    const bobsDevice = await ApiClient.login(api.url, 'bob', PASSWORD);
    bobsMarker = async () => (await bobsDevice.conversation(conversationId)).last_read_seq;
    await eventually(async () => expect(await bob.unread('Alice Liddell')).toBe('99+'));
    expect(await bobsMarker()).toBe(1); // his own message; none of Alice's
  });

  step('opens at the first unread message under a "New messages" line, and reads only what is on screen', async () => {
    await bob.openConversation('Alice Liddell');
    await eventually(async () => expect(await bob.newMessagesLineOnScreen()).toBe(true));
    const shown = await bob.visibleHistory();
    expect(shown).toContain(text(1));
    expect(shown).not.toContain(text(UNREAD));
    // What is on screen is read (seq 1 is Bob's own message, Alice's n-th is seq n + 1), and nothing beyond it.
    const highestShown = Math.max(...shown.filter((body) => body.startsWith('unread')).map((body) => Number(body.slice(7)) + 1));
    await eventually(async () => expect(await bobsMarker()).toBe(highestShown));
    await bob.page.waitForTimeout(1500); // a marker gathered late would go out by now
    expect(await bobsMarker()).toBe(highestShown);
    const left = UNREAD + 1 - highestShown;
    expect(await bob.unread('Alice Liddell')).toBe(left > 99 ? '99+' : String(left));
    await bob.page.getByRole('button', { name: 'Jump to latest ↓' }).waitFor();
    await screenshot(bob.page, 'unread-first');
  });

  step('reading on page by page keeps the place and moves the marker only as far as has been shown', async () => {
    let highestEverShown = 0;
    for (let turn = 0; turn < 40 && !(await bob.visibleHistory()).includes(text(80)); turn++) {
      const before = (await bob.visibleHistory()).filter((body) => body.startsWith('unread'));
      await bob.scrollHistory(250);
      await bob.page.waitForTimeout(150);
      const after = (await bob.visibleHistory()).filter((body) => body.startsWith('unread'));
      // A page coming in below never throws the reader forward: what was at the bottom is still near.
      expect(Number(after[0]?.slice(7))).toBeLessThanOrEqual(Number(before.at(-1)?.slice(7)) + 1);
      highestEverShown = Math.max(highestEverShown, ...after.map((body) => Number(body.slice(7)) + 1));
      expect(await bobsMarker()).toBeLessThanOrEqual(highestEverShown);
    }
    expect(await bob.visibleHistory()).toContain(text(80)); // past the first page of 50: the next one came
    await eventually(async () => expect(await bobsMarker()).toBe(highestEverShown));
  });

  step('"Jump to latest" shows the newest and reads it; "Jump to first unread" goes back to the line', async () => {
    await bob.page.getByRole('button', { name: 'Jump to latest ↓' }).click();
    await eventually(async () => expect((await bob.visibleHistory()).at(-1)).toBe(text(UNREAD)));
    await eventually(async () => expect(await bobsMarker()).toBe(UNREAD + 1));
    await eventually(async () => expect(await bob.unread('Alice Liddell')).toBe(''));

    await bob.page.getByRole('button', { name: 'Jump to first unread ↑' }).click();
    await eventually(async () => expect(await bob.newMessagesLineOnScreen()).toBe(true));
    expect(await bob.visibleHistory()).toContain(text(1));
  });

  step('a new message arriving while the reader is at the newest shows at once and is read', async () => {
    await bob.page.getByRole('button', { name: 'Jump to latest ↓' }).click();
    await eventually(async () => expect((await bob.visibleHistory()).at(-1)).toBe(text(UNREAD)));
    const device = await ApiClient.login(api.url, 'alice', PASSWORD);
    await device.send(conversationId, 'one more thing');
    await eventually(async () => expect((await bob.visibleHistory()).at(-1)).toBe('one more thing'));
    await eventually(async () => expect(await bobsMarker()).toBe(UNREAD + 2));
  });
});
