import type { Browser, BrowserContext } from 'playwright-core';
import { ApiClient } from './support/api-client';
import { launchBrowser, newPerson, screenshot, withFailureScreenshots } from './support/browser';
import { ChatApp, takeUncaughtErrors } from './support/chat-app';
import { eventually } from './support/eventually';
import { startApi, type ApiServer } from './support/server';

const PASSWORD = 'correct horse battery staple';
const FILLERS = 80;
const filler = (n: number) => `filler ${String(n).padStart(2, '0')}`;
/** Markup in a message is text: the search box must show it as typed, never as HTML. */
const NEEDLE = 'the flamingo <b>migration</b> plan';

/**
 * Search in the browser (SPEC 10.5): Ctrl+K opens the box, a word finds the messages of the user's own conversations
 * only, the matched word is marked, `from:` suggests people, and a result opens its conversation at that message with
 * the messages around it, far back in a long history. One journey: each step builds on the last.
 */
describe('searching messages in the browser', () => {
  let api: ApiServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: ChatApp;
  let conversationId: string;
  const pages = () => contexts.flatMap((context) => context.pages());
  const step = (name: string, body: () => Promise<void>) => it(name, () => withFailureScreenshots(`search ${name}`, pages, body));
  const box = () => alice.page.getByRole('dialog', { name: 'Search messages' });
  const results = () => box().getByRole('region', { name: 'Search results' });

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi(), launchBrowser()]);
  });
  afterEach(() => expect(takeUncaughtErrors()).toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  step('Alice and Bob have a long history; Bob and Carol talk without her', async () => {
    const context = await newPerson(browser, { height: 720 });
    contexts.push(context);
    const bob = await ChatApp.open(await newPerson(browser), api.url);
    contexts.push(bob.page.context());
    await bob.signUp('bob', 'Bob Builder', PASSWORD);
    alice = await ChatApp.open(context, api.url);
    await alice.signUp('alice', 'Alice Liddell', PASSWORD);
    await alice.openDirectWith('Bob Builder');
    await alice.send('Hi Bob!');
    conversationId = alice.page.url().split('/').pop() ?? '';

    const alicesDevice = await ApiClient.login(api.url, 'alice', PASSWORD);
    const bobsDevice = await ApiClient.login(api.url, 'bob', PASSWORD);
    for (let n = 1; n <= FILLERS; n++) {
      await alicesDevice.send(conversationId, filler(n));
      if (n === 20) await bobsDevice.send(conversationId, NEEDLE);
    }
    // A conversation Alice is not in, with the same word.
    await fetch(`${api.url}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'carol', password: PASSWORD }),
    });
    const carol = (await (await fetch(`${api.url}/users?q=carol`, { headers: bobsDevice.headers() })).json()).users[0];
    const created = await fetch(`${api.url}/conversations`, {
      method: 'POST',
      headers: { ...bobsDevice.headers(), 'content-type': 'application/json' },
      body: JSON.stringify({ member_ids: [carol.id], is_group: true, title: 'Secret birds' }),
    });
    await bobsDevice.send((await created.json()).id, 'a flamingo surprise for Alice');
    await eventually(async () => expect((await alice.history()).at(-1)).toBe(filler(FILLERS)));
  });

  step('Ctrl+K opens the search box; a word finds her own conversations only, the word marked', async () => {
    await alice.page.keyboard.press('Control+K');
    await box().waitFor();
    await box().getByRole('combobox', { name: 'Search messages' }).fill('FLAMIN');
    const hit = results().getByRole('button', { name: /flamingo/ });
    await eventually(async () => expect(await hit.count()).toBe(1));
    expect(await results().getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Bob Builder']);
    expect(await hit.locator('mark').allTextContents()).toEqual(['flamingo']);
    expect(await hit.locator('.snippet').textContent()).toBe(NEEDLE);
    expect(await hit.locator('.snippet b').count()).toBe(0);
    expect(await results().textContent()).not.toContain('surprise');
    await screenshot(alice.page, 'search-box');
  });

  step('from: suggests people as the name is typed, and keeps only what they sent', async () => {
    const input = box().getByRole('combobox', { name: 'Search messages' });
    await input.fill('flamingo from:bo');
    const suggestion = box().getByRole('option', { name: /Bob Builder/ });
    await suggestion.waitFor();
    await input.press('Enter');
    await eventually(async () => expect(await input.inputValue()).toBe('flamingo from:bob '));
    await eventually(async () =>
      expect(
        await results()
          .getByRole('button', { name: /flamingo/ })
          .count(),
      ).toBe(1),
    );
    await input.fill('flamingo from:alice '); // a name followed by a space is chosen: the search runs
    await eventually(async () => expect(await results().textContent()).toContain('No messages found.'));
    await input.fill('flamingo');
    await eventually(async () =>
      expect(
        await results()
          .getByRole('button', { name: /flamingo/ })
          .count(),
      ).toBe(1),
    );
  });

  step('a result opens the conversation at that message, far back, with its neighbours around it', async () => {
    await results()
      .getByRole('button', { name: /flamingo/ })
      .click();
    await box().waitFor({ state: 'hidden' });
    await alice.page.waitForURL(new RegExp(`/chat/${conversationId}\\?at=\\d+$`));
    await eventually(async () => expect(await alice.visibleHistory()).toContain(NEEDLE));
    const shown = await alice.visibleHistory();
    expect(shown).toEqual(expect.arrayContaining([filler(20), NEEDLE, filler(21)]));
    expect(shown).not.toContain(filler(FILLERS));
    expect(await alice.page.locator('li.message.focused').textContent()).toContain(NEEDLE);
    // Older and newer messages are there to scroll to.
    expect(await alice.history()).toEqual(expect.arrayContaining([filler(5), filler(40)]));
  });

  step('in a fresh tab, the window around a result far back is fetched, neighbours on both sides', async () => {
    await alice.page.goto(`${api.url}/chat/${conversationId}`);
    await eventually(async () => expect((await alice.visibleHistory()).at(-1)).toBe(filler(FILLERS)));
    expect(await alice.history()).not.toContain(NEEDLE);
    await alice.page.keyboard.press('Control+K');
    await box().getByRole('combobox', { name: 'Search messages' }).fill('migration');
    await results()
      .getByRole('button', { name: /flamingo/ })
      .click();
    await eventually(async () => expect(await alice.visibleHistory()).toEqual(expect.arrayContaining([filler(20), NEEDLE, filler(21)])));
    const held = await alice.history();
    expect(held).toEqual(expect.arrayContaining([filler(1), filler(40)]));
    expect(held).not.toContain(filler(FILLERS));
    await screenshot(alice.page, 'search-jump');
    // Escape closes the box, whatever is typed in it.
    await alice.page.keyboard.press('Control+K');
    await box().getByRole('combobox', { name: 'Search messages' }).fill('flamingo from:b');
    await box()
      .getByRole('option', { name: /Bob Builder/ })
      .waitFor();
    await alice.page.keyboard.press('Escape');
    await box().waitFor({ state: 'hidden' });
  });
});
