import type { Browser, BrowserContext } from 'playwright-core';
import { ApiClient } from './support/api-client';
import { launchBrowser, newPerson, screenshot, withFailureScreenshots } from './support/browser';
import { ChatApp, takeUncaughtErrors } from './support/chat-app';
import { eventually } from './support/eventually';
import { startApi, type ApiServer } from './support/server';

const PASSWORD = 'correct horse battery staple';

/**
 * People chatting in the browser: sign-up, 1-on-1s and groups with live delivery to every tab, history that
 * survives a reload, older pages on scroll, and the phone layout. One journey: each step builds on the last.
 */
describe('chatting in the browser', () => {
  let api: ApiServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: ChatApp;
  let bob: ChatApp;
  let carol: ChatApp;
  const person = async (options?: Parameters<typeof newPerson>[1]) => {
    const context = await newPerson(browser, options);
    contexts.push(context);
    return context;
  };
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

  step('two people sign up, open a 1-on-1 and see each other’s messages live', async () => {
    alice = await ChatApp.open(await person(), api.url);
    bob = await ChatApp.open(await person(), api.url);
    await alice.signUp('alice', 'Alice Liddell', PASSWORD);
    await bob.signUp('bob', 'Bob Builder', PASSWORD);
    await eventually(async () => expect(await alice.connection()).toBe('Connected'));

    await alice.openDirectWith('Bob Builder');
    await alice.send('Hi Bob!');
    await eventually(async () => {
      expect(await alice.history()).toEqual(['Hi Bob!']);
      expect(await alice.unconfirmed().count()).toBe(0);
    });

    // Bob never reloads: the conversation appears with its unread badge, then the reply goes back live.
    await eventually(async () => {
      expect(await bob.conversationNames()).toEqual(['Alice Liddell']);
      expect(await bob.unread('Alice Liddell')).toBe('1');
    });
    // Shown, then read: the marker moves once the message is on screen (later on a loaded machine).
    await bob.openConversation('Alice Liddell');
    await eventually(async () => {
      expect(await bob.history()).toEqual(['Hi Bob!']);
      expect(await bob.unread('Alice Liddell')).toBe('');
    });
    await bob.send('Hello Alice, good to see you.');
    await eventually(async () => expect(await alice.history()).toEqual(['Hi Bob!', 'Hello Alice, good to see you.']));
  });

  step('a second tab of the same person stays in step', async () => {
    const secondTab = await ChatApp.open(contexts[0], `${api.url}/chat`);
    await secondTab.openConversation('Bob Builder');
    await eventually(async () => expect(await secondTab.history()).toEqual(['Hi Bob!', 'Hello Alice, good to see you.']));

    await alice.send('Sent from my first tab');
    const expected = ['Hi Bob!', 'Hello Alice, good to see you.', 'Sent from my first tab'];
    await eventually(async () => {
      expect(await secondTab.history()).toEqual(expected);
      expect(await bob.history()).toEqual(expected);
    });
    await secondTab.page.close();
  });

  step('a third person added to a group sees its messages', async () => {
    carol = await ChatApp.open(await person(), api.url);
    await carol.signUp('carol', 'Carol Danvers', PASSWORD);

    await alice.createGroup('Weekend plans', ['Bob Builder', 'Carol Danvers']);
    await alice.send('Who is in for a hike on Saturday?');

    await eventually(async () => expect(await carol.conversationNames()).toEqual(['Weekend plans']));
    await carol.openConversation('Weekend plans');
    await eventually(async () => expect(await carol.history()).toEqual(['Who is in for a hike on Saturday?']));
    expect(await carol.page.locator('[role=log] .sender').allTextContents()).toEqual(['Alice Liddell']);
    await carol.send('Me! <b>Count me in</b>');

    await eventually(async () => expect(await alice.history()).toEqual(['Who is in for a hike on Saturday?', 'Me! <b>Count me in</b>']));
    expect(await alice.page.locator('[role=log] b').count()).toBe(0); // text, never markup
    await eventually(async () => {
      expect(await bob.conversationNames()).toEqual(['Weekend plans', 'Alice Liddell']);
      expect(await bob.unread('Weekend plans')).toBe('2');
    });
    await screenshot(bob.page, 'chat-unread');
  });

  step('a reload keeps the session, the history and its order', async () => {
    const before = await alice.history();
    await alice.page.reload();
    await alice.page.getByRole('heading', { level: 2, name: 'Weekend plans' }).waitFor();
    await eventually(async () => expect(await alice.history()).toEqual(before));
    expect(await alice.conversationNames()).toEqual(['Weekend plans', 'Bob Builder']);
    await screenshot(alice.page, 'chat-desktop');
  });

  step('older messages load when scrolling up, in order', async () => {
    await bob.openConversation('Alice Liddell');
    const conversationId = bob.page.url().split('/').pop() ?? '';
    const device = await ApiClient.login(api.url, 'alice', PASSWORD);
    const seeded = Array.from({ length: 80 }, (_, i) => `history ${String(i + 1).padStart(2, '0')}`);
    for (const content of seeded) await device.send(conversationId, content);
    const all = ['Hi Bob!', 'Hello Alice, good to see you.', 'Sent from my first tab', ...seeded];
    await eventually(async () => expect((await bob.history()).slice(-3)).toEqual(seeded.slice(-3)));
    // Reloaded with unread messages, the page would open at the first of them, near the older ones, and fetch those
    // at once: wait until the server has Bob's marker at the newest, as a person who read them all would leave it.
    const bobDevice = await ApiClient.login(api.url, 'bob', PASSWORD);
    await eventually(async () => {
      const seen = await bobDevice.conversation(conversationId);
      expect(seen.last_read_seq).toBe(seen.last_seq);
    });

    await bob.page.reload();
    await eventually(async () => expect((await bob.history()).at(-1)).toBe('history 80'));
    expect((await bob.history()).length).toBeLessThan(all.length); // only the newest page at first
    for (let i = 0; i < 20 && (await bob.history()).length < all.length; i++) {
      await bob.page.locator('[role=log]').locator('li').first().scrollIntoViewIfNeeded();
      await bob.page.waitForTimeout(250);
    }
    await eventually(async () => expect(await bob.history()).toEqual(all));
    await bob.page.getByText('This is the beginning of the conversation.').waitFor();
  });

  step('works from the keyboard alone', async () => {
    const page = alice.page;
    await page.getByRole('tab', { name: 'Chats' }).focus();
    await page.keyboard.press('ArrowRight');
    await eventually(async () => {
      expect(await page.getByRole('tab', { name: 'People' }).getAttribute('aria-selected')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('People');
    });
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('list', { name: 'Conversations' }).waitFor();
    await alice.conversation('Bob Builder').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Bob Builder' }).waitFor();

    // Opening a conversation puts the cursor in the composer: Shift+Enter for a new line, Enter sends.
    await eventually(async () => expect(await page.evaluate(() => document.activeElement?.id)).toBe('composer-input'));
    await page.keyboard.type('line one');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('line two');
    await page.keyboard.press('Enter');
    await eventually(async () => expect((await alice.history()).at(-1)).toBe('line one\nline two'));

    // The group dialog opens from the keyboard, keeps the focus inside, and Escape closes it.
    await page.getByRole('button', { name: 'New group' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New group' });
    await dialog.waitFor();
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  step('fits a 375 px phone, in light and dark', async () => {
    const phone = await ChatApp.open(await person({ width: 375, height: 740 }), api.url);
    await phone.page.getByRole('tab', { name: 'Log in' }).waitFor();
    await screenshot(phone.page, 'login-375');
    await phone.logIn('carol', PASSWORD);
    await phone.page.waitForURL('**/chat');
    await phone.conversation('Weekend plans').click();
    await phone.page.getByRole('heading', { level: 2, name: 'Weekend plans' }).waitFor();
    await eventually(async () => expect(await phone.history()).toHaveLength(2));
    // On a phone the open conversation takes the whole screen; nothing is wider than the screen.
    expect(await phone.page.locator('pc-sidebar').isVisible()).toBe(false);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(phone.page, 'chat-375');

    await phone.page.getByRole('link', { name: 'Back to conversations' }).click();
    await phone.conversation('Weekend plans').waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(phone.page, 'chat-list-375');

    await phone.page.emulateMedia({ colorScheme: 'dark' });
    await phone.conversation('Weekend plans').click();
    await phone.page.getByRole('heading', { level: 2, name: 'Weekend plans' }).waitFor();
    const background = await phone.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(21, 23, 28)');
    await screenshot(phone.page, 'chat-375-dark');
  });
});
