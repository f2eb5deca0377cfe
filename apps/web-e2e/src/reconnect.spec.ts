import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, newPerson, screenshot, withFailureScreenshots } from './support/browser';
import { ChatApp, takeUncaughtErrors } from './support/chat-app';
import { eventually } from './support/eventually';
import { startApi, type ApiServer } from './support/server';
import { TcpProxy } from '@pneumatic/testing';

const PASSWORD = 'correct horse battery staple';

/**
 * The server restarts in the middle of a conversation. Alice reaches it through a proxy the test can cut, so
 * that she is certainly away while Bob writes: when she is back, her page catches up (sync) and shows what
 * she missed exactly once, in order, and what she wrote while away goes out once.
 */
describe('when the server restarts mid-conversation', () => {
  let api: ApiServer;
  let proxy: TcpProxy;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const person = async () => {
    const context = await newPerson(browser);
    contexts.push(context);
    return context;
  };

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi(), launchBrowser()]);
    proxy = await TcpProxy.open({ host: '127.0.0.1', port: api.port });
  });

  afterEach(() => expect(takeUncaughtErrors()).toEqual([]));

  afterAll(async () => {
    await browser?.close();
    await proxy?.cut();
    await api?.dispose();
  });

  it('the page reconnects and shows the messages sent meanwhile exactly once', () =>
    withFailureScreenshots(
      'server restart',
      () => contexts.flatMap((c) => c.pages()),
      async () => {
        const alice = await ChatApp.open(await person(), proxy.url);
        const bob = await ChatApp.open(await person(), api.url);
        await alice.signUp('alice', 'Alice Liddell', PASSWORD);
        await bob.signUp('bob', 'Bob Builder', PASSWORD);
        await alice.openDirectWith('Bob Builder');
        await alice.send('before the restart');
        await eventually(async () => expect(await bob.conversationNames()).toEqual(['Alice Liddell']));
        await bob.openConversation('Alice Liddell');
        await bob.send('me too');
        await eventually(async () => expect(await alice.history()).toEqual(['before the restart', 'me too']));

        await api.stop();
        await eventually(async () => {
          expect(await alice.connection()).toBe('Reconnecting…');
          expect(await bob.connection()).toBe('Reconnecting…');
        });
        await alice.page.getByText('Reconnecting… Messages you send now go out when the connection is back.').waitFor();
        await proxy.cut(); // Alice stays away until the test lets her back
        await alice.send('written while away');
        // Shown at once, and marked as waiting for the connection (not as refused).
        await eventually(async () => expect(await alice.page.locator('pc-message-bubble[data-state="queued"]').count()).toBe(1));
        expect(await alice.unconfirmed().count()).toBe(1);

        await api.start();
        await eventually(async () => expect(await bob.connection()).toBe('Connected'), 20_000);
        for (const text of ['missed 1', 'missed 2', 'missed 3']) await bob.send(text);
        await eventually(async () => {
          expect(await bob.history()).toEqual(['before the restart', 'me too', 'missed 1', 'missed 2', 'missed 3']);
          expect(await bob.unconfirmed().count()).toBe(0);
        });
        expect(await alice.history()).toEqual(['before the restart', 'me too', 'written while away']);
        await screenshot(alice.page, 'reconnecting');

        await proxy.restore();
        const expected = ['before the restart', 'me too', 'missed 1', 'missed 2', 'missed 3', 'written while away'];
        await eventually(async () => {
          expect(await alice.connection()).toBe('Connected');
          expect(await alice.history()).toEqual(expected);
          expect(await alice.unconfirmed().count()).toBe(0);
          expect(await bob.history()).toEqual(expected);
        }, 20_000);

        // Nothing turns up twice later either, and a reload shows the same history.
        await alice.page.waitForTimeout(1500);
        expect(await alice.history()).toEqual(expected);
        expect(await bob.history()).toEqual(expected);
        await alice.page.reload();
        await eventually(async () => expect(await alice.history()).toEqual(expected));
      },
    ));
});
