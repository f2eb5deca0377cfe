import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, newPerson, screenshot, withFailureScreenshots } from './support/browser';
import { ChatApp, takeUncaughtErrors } from './support/chat-app';
import { eventually } from './support/eventually';
import { startApi, type ApiServer } from './support/server';

const PASSWORD = 'correct horse battery staple';

/**
 * What the other person is doing, live: Alice watches Bob come online and go (with "last seen"), sees him typing,
 * and sees her message marked read when he reads it; Bob's unread badge clears on every tab when he reads on one.
 * One journey: each step builds on the last.
 */
describe('presence, typing and read markers in the browser', () => {
  let api: ApiServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: ChatApp;
  let bobContext: BrowserContext;
  let bob: ChatApp;
  let bobSecondTab: ChatApp;
  const person = async () => {
    const context = await newPerson(browser);
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

  step('the online dot appears when the other person opens the app', async () => {
    // Bob signs up, then closes the app: he is offline, and was last seen just now.
    const firstVisit = await ChatApp.open(await person(), api.url);
    await firstVisit.signUp('bob', 'Bob Builder', PASSWORD);
    await eventually(async () => expect(await firstVisit.connection()).toBe('Connected'));
    await firstVisit.page.context().close();

    alice = await ChatApp.open(await person(), api.url);
    await alice.signUp('alice', 'Alice Liddell', PASSWORD);
    await alice.openDirectWith('Bob Builder');
    await eventually(async () => {
      expect(await alice.headerSubtitle()).toBe('@bob · last seen just now');
      expect(await alice.onlineInHeader()).toBe(false);
      expect(await alice.onlineInList('Bob Builder')).toBe(false);
    });

    bobContext = await person();
    bob = await ChatApp.open(bobContext, api.url);
    await bob.logIn('bob', PASSWORD);
    await bob.page.waitForURL('**/chat');
    await eventually(async () => {
      expect(await alice.onlineInHeader()).toBe(true);
      expect(await alice.onlineInList('Bob Builder')).toBe(true);
      expect(await alice.headerSubtitle()).toBe('@bob · Online');
    });
    await screenshot(alice.page, 'presence-online');
  });

  step('the unread badge appears on every tab of the reader and clears on all when he reads on one', async () => {
    bobSecondTab = await ChatApp.open(bobContext, `${api.url}/chat`);
    await bobSecondTab.conversation('Alice Liddell').waitFor();

    await alice.send('Are you there, Bob?');
    await eventually(async () => expect(await alice.ownMessageStates()).toEqual(['sent']));
    await eventually(async () => {
      expect(await bob.unread('Alice Liddell')).toBe('1');
      expect(await bobSecondTab.unread('Alice Liddell')).toBe('1');
    });
    // Bob has not read it: Alice's message stays "sent".
    expect(await alice.ownMessageStates()).toEqual(['sent']);

    await bob.openConversation('Alice Liddell');
    await eventually(async () => {
      expect(await bob.unread('Alice Liddell')).toBe('');
      expect(await bobSecondTab.unread('Alice Liddell')).toBe(''); // told by the server, not by reading there
    });
    // …and the server keeps it: a reload does not bring the badge back.
    await bobSecondTab.page.reload();
    await bobSecondTab.conversation('Alice Liddell').waitFor();
    await eventually(async () => expect(await bobSecondTab.unread('Alice Liddell')).toBe(''));
  });

  step('a read tick shows on one’s own message in a 1-on-1 once the other person has read it', async () => {
    await eventually(async () => expect(await alice.ownMessageStates()).toEqual(['read']));
    const tick = alice.page.locator('pc-message-bubble.own .tick.read');
    expect(await tick.innerText()).toContain('Read');
    await screenshot(alice.page, 'read-tick');
  });

  step('the typing line appears while the other person types, and clears when they stop or send', async () => {
    await bob.type('Yes, I am');
    await eventually(async () => {
      expect(await alice.typingLine()).toBe('Bob Builder is typing…');
      expect(await alice.conversation('Bob Builder').locator('.preview').innerText()).toBe('typing…');
    });
    await screenshot(alice.page, 'typing');

    await bob.type('');
    await eventually(async () => expect(await alice.typingLine()).toBe(''));

    await bob.type('Yes, I am here.');
    await eventually(async () => expect(await alice.typingLine()).toBe('Bob Builder is typing…'));
    await bob.page.getByLabel('Message', { exact: true }).press('Enter');
    await eventually(async () => {
      expect(await alice.history()).toEqual(['Are you there, Bob?', 'Yes, I am here.']);
      expect(await alice.typingLine()).toBe('');
    });
    // Alice has the conversation open: she reads Bob's reply, and nothing is unread for her.
    expect(await alice.unread('Bob Builder')).toBe('');
  });

  step('the online dot goes, with "last seen", when the other person closes the app', async () => {
    await bobContext.close();
    await eventually(async () => {
      expect(await alice.onlineInHeader()).toBe(false);
      expect(await alice.onlineInList('Bob Builder')).toBe(false);
      expect(await alice.headerSubtitle()).toBe('@bob · last seen just now');
    });
    await alice.page.getByRole('tab', { name: 'People' }).click();
    await eventually(async () =>
      expect(
        await alice.page
          .getByRole('list', { name: 'People' })
          .getByRole('button', { name: /Bob Builder/ })
          .innerText(),
      ).toContain('last seen just now'),
    );
    await screenshot(alice.page, 'last-seen');
  });
});
