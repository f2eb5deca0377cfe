import { TcpProxy } from '@pneumatic/testing';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, newPerson, screenshot, withFailureScreenshots } from './support/browser';
import { ChatApp, takeUncaughtErrors } from './support/chat-app';
import { eventually } from './support/eventually';
import { startApi, type ApiServer } from './support/server';

const PASSWORD = 'correct horse battery staple';

/**
 * Editing and deleting, as two people see it: Alice fixes a typo and takes a message back, Bob sees both live; then
 * Bob's network drops, Alice changes more, and when Bob is back his page shows exactly what the server holds.
 */
describe('editing and deleting messages', () => {
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
    await proxy?.close();
    await api?.dispose();
  });

  it('shows every edit and deletion live, keeps the earlier texts, and catches up after a disconnect', () =>
    withFailureScreenshots(
      'edits',
      () => contexts.flatMap((c) => c.pages()),
      async () => {
        const alice = await ChatApp.open(await person(), api.url);
        const bob = await ChatApp.open(await person(), proxy.url);
        await alice.signUp('alice_e', 'Alice Liddell', PASSWORD);
        await bob.signUp('bob_e', 'Bob Builder', PASSWORD);
        await alice.openDirectWith('Bob Builder');
        await alice.send('helo world');
        await alice.send('a second thought');
        await eventually(async () => expect(await bob.conversationNames()).toEqual(['Alice Liddell']));
        await bob.openConversation('Alice Liddell');
        await eventually(async () => expect(await bob.history()).toEqual(['helo world', 'a second thought']));

        // Alice fixes the typo in place.
        await alice.message('helo world').hover();
        await alice.message('helo world').getByRole('button', { name: 'Edit your message' }).click();
        const editor = alice.page.getByLabel('Edit your message');
        await editor.fill('hello world');
        await editor.press('Enter');
        await eventually(async () => expect(await bob.history()).toEqual(['hello world', 'a second thought']));
        await bob.message('hello world').getByRole('button', { name: 'edited' }).click();
        const historyDialog = bob.page.getByRole('dialog', { name: 'Edit history' });
        await historyDialog.getByText('helo world', { exact: true }).waitFor();
        await screenshot(bob.page, 'edit-history');
        await historyDialog.getByRole('button', { name: 'Close' }).click();

        // Up in the empty composer edits her last message; Escape leaves it as it was.
        await alice.page.getByLabel('Message', { exact: true }).press('ArrowUp');
        await expectValue(alice, 'a second thought');
        await alice.page.getByLabel('Edit your message').press('Escape');
        await alice.page.getByLabel('Edit your message').waitFor({ state: 'detached' });

        // She takes the second message back, after confirming.
        await alice.message('a second thought').getByRole('button', { name: 'Delete your message' }).click();
        const confirm = alice.page.getByRole('dialog', { name: 'Delete this message?' });
        await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
        await eventually(async () => expect(await bob.history()).toEqual(['hello world', 'This message was deleted']));
        expect(await alice.history()).toEqual(['hello world', 'This message was deleted']);

        // Bob's network drops; Alice edits, deletes and writes more meanwhile.
        await proxy.cut();
        await eventually(async () => expect(await bob.connection()).toBe('Reconnecting…'));
        await alice.send('while you were away');
        await alice.editMessage('hello world', 'hello again');
        await alice.editMessage('while you were away', 'while you were away (edited)');
        await alice.send('to be deleted');
        await alice.message('to be deleted').getByRole('button', { name: 'Delete your message' }).click();
        await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
        const expected = ['hello again', 'This message was deleted', 'while you were away (edited)', 'This message was deleted'];
        await eventually(async () => expect(await alice.history()).toEqual(expected));
        expect(await bob.history()).toEqual(['hello world', 'This message was deleted']);

        await proxy.restore();
        await eventually(async () => {
          expect(await bob.connection()).toBe('Connected');
          expect(await bob.history()).toEqual(expected);
        }, 20_000);
        expect(await bob.conversationPreview('Alice Liddell')).toContain('This message was deleted');
        await bob.page.reload();
        await eventually(async () => expect(await bob.history()).toEqual(expected));
      },
    ));

  async function expectValue(app: ChatApp, text: string): Promise<void> {
    await eventually(async () => expect(await app.page.getByLabel('Edit your message').inputValue()).toBe(text));
  }
});
