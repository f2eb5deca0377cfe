import { screenshot } from './support/browser';
import { browserSuite } from './support/browser-suite';
import { ChatApp } from './support/chat-app';
import { eventually } from './support/eventually';

const PASSWORD = 'correct horse battery staple';

/** Reactions as two people see them: picked from the frequent ones or found by name, live on both sides, and who gave them. */
describe('reactions', () => {
  const suite = browserSuite();

  it('adds, shows live, searches the full set, names who reacted, and takes one back', () =>
    suite.scenario('reactions', async () => {
      const alice = await ChatApp.open(await suite.person(), suite.api.url);
      const bob = await ChatApp.open(await suite.person(), suite.api.url);
      await alice.signUp('alice_r', 'Alice Liddell', PASSWORD);
      await bob.signUp('bob_r', 'Bob Builder', PASSWORD);
      await alice.openDirectWith('Bob Builder');
      await alice.send('lunch at noon?');
      await eventually(async () => expect(await bob.conversationNames()).toEqual(['Alice Liddell']));
      await bob.openConversation('Alice Liddell');

      // Bob picks a frequent one from the message's React action; Alice sees it at once, with his name on it.
      expect(await bob.row('lunch at noon?').locator('pc-message-reactions').isVisible()).toBe(false);
      await bob.message('lunch at noon?').hover();
      await bob.message('lunch at noon?').getByRole('button', { name: 'React to this message' }).click();
      await bob.page.getByRole('dialog', { name: 'Add a reaction' }).getByRole('button', { name: 'thumbs up' }).click();
      await eventually(async () => expect(await alice.reactions('lunch at noon?')).toEqual(['👍 1']));
      const thumbs = alice.row('lunch at noon?').getByRole('button', { name: /^👍 1/ });
      expect(await thumbs.getAttribute('title')).toBe('Bob Builder');
      expect(await thumbs.getAttribute('aria-pressed')).toBe('false');

      // Alice adds hers by clicking the chip, then finds a taco by name in the full set.
      await thumbs.click();
      await eventually(async () => expect(await bob.reactions('lunch at noon?')).toEqual(['👍 2']));
      expect(await bob.row('lunch at noon?').getByRole('button', { name: /^👍 2/ }).getAttribute('title')).toBe('You and Alice Liddell');
      await alice.row('lunch at noon?').hover();
      await alice.row('lunch at noon?').getByRole('button', { name: 'Add a reaction' }).click();
      const picker = alice.page.getByRole('dialog', { name: 'Add a reaction' });
      await picker.getByLabel('Search emoji').fill('taco');
      await picker.getByRole('button', { name: 'taco' }).click();
      await eventually(async () => expect(await bob.reactions('lunch at noon?')).toEqual(['👍 2', '🌮 1']));
      await screenshot(bob.page, 'reactions');

      // Bob takes his thumbs up back; the taco stays, and Escape closes a picker without a reaction.
      await bob.row('lunch at noon?').getByRole('button', { name: /^👍 2/ }).click();
      await eventually(async () => expect(await alice.reactions('lunch at noon?')).toEqual(['👍 1', '🌮 1']));
      await bob.row('lunch at noon?').hover();
      await bob.row('lunch at noon?').getByRole('button', { name: 'Add a reaction' }).click();
      await bob.page.getByLabel('Search emoji').press('Escape');
      await bob.page.getByRole('dialog', { name: 'Add a reaction' }).waitFor({ state: 'hidden' });
      expect(await bob.reactions('lunch at noon?')).toEqual(['👍 1', '🌮 1']);
    }));
});
