import { ApiClient } from './support/api-client';
import { screenshot } from './support/browser';
import { browserSuite } from './support/browser-suite';
import { ChatApp } from './support/chat-app';
import { eventually } from './support/eventually';

const PASSWORD = 'correct horse battery staple';

/** Replies as two people see them: the quote above the composer, the quote in the timeline kept current, the way back to the original. */
describe('replies', () => {
  const suite = browserSuite();

  it('answers a message, keeps its quote current, and a click on a quote brings the original back from older history', () =>
    suite.scenario('replies', async () => {
      const alice = await ChatApp.open(await suite.person(), suite.api.url);
      const bob = await ChatApp.open(await suite.person(), suite.api.url);
      await alice.signUp('alice_q', 'Alice Liddell', PASSWORD);
      await bob.signUp('bob_q', 'Bob Builder', PASSWORD);
      await alice.openDirectWith('Bob Builder');
      await alice.send('Who brings snacks?');
      await eventually(async () => expect(await bob.conversationNames()).toEqual(['Alice Liddell']));
      await bob.openConversation('Alice Liddell');

      // Bob answers: the strip says what he answers; Escape takes it away, Reply brings it back.
      const reply = async () => {
        await bob.message('Who brings snacks?').hover();
        await bob.message('Who brings snacks?').getByRole('button', { name: 'Reply to this message' }).click();
      };
      await reply();
      const strip = bob.page.getByRole('group', { name: 'Replying' });
      expect(await strip.textContent()).toContain('Replying to Alice Liddell: Who brings snacks?');
      await bob.page.getByLabel('Message', { exact: true }).press('Escape');
      await strip.waitFor({ state: 'hidden' });
      await reply();
      await bob.send('I do');
      await strip.waitFor({ state: 'hidden' });
      const quoteOn = (app: ChatApp) => app.message('I do').getByRole('button', { name: /^In reply to/ });
      await eventually(async () => expect(await quoteOn(alice).textContent()).toContain('Who brings snacks?'));
      expect(await quoteOn(bob).textContent()).toContain('Alice Liddell');

      // Alice edits the original: the quote on both sides follows.
      await alice.editMessage('Who brings snacks?', 'Who brings the snacks?');
      await eventually(async () => expect(await quoteOn(bob).textContent()).toContain('Who brings the snacks?'));
      await screenshot(bob.page, 'replies');

      // Sixty messages later Bob answers it again from another device; a click on that quote goes back to it.
      const conversationId = bob.page.url().split('/').pop() ?? '';
      const aliceDevice = await ApiClient.login(suite.api.url, 'alice_q', PASSWORD);
      const bobDevice = await ApiClient.login(suite.api.url, 'bob_q', PASSWORD);
      const [original] = await bobDevice.messagesAfter(conversationId, 0);
      for (let i = 0; i < 60; i++) await aliceDevice.send(conversationId, `filler ${String(i).padStart(2, '0')}`);
      await bobDevice.send(conversationId, 'still me, with the snacks', 'late-reply', original.id);
      await bob.page.reload();
      await eventually(async () => expect((await bob.history()).at(-1)).toBe('still me, with the snacks'));
      expect(await bob.history()).not.toContain('Who brings the snacks?');
      await bob
        .message('still me, with the snacks')
        .getByRole('button', { name: /^In reply to/ })
        .click();
      await eventually(async () => expect(await bob.history()).toContain('Who brings the snacks?'));
      const originalRow = bob.page.locator('[role=log] li.message.highlighted');
      await eventually(async () => expect(await originalRow.textContent()).toContain('Who brings the snacks?'));
      expect(await bob.message('Who brings the snacks?').isVisible()).toBe(true);
    }));
});
