import type { Locator } from 'playwright-core';
import { screenshot } from './support/browser';
import { browserSuite } from './support/browser-suite';
import { ChatApp } from './support/chat-app';
import { eventually } from './support/eventually';

const PASSWORD = 'correct horse battery staple';

/**
 * Groups that people manage (issue 16), in three browsers and a second device: Alice adds Carol, who sees the group
 * appear live with its history; every change shows as a quiet system line for everyone; Alice removes Bob, whose
 * group leaves the sidebar of both his devices live; Carol leaves.
 */
describe('groups that people manage', () => {
  const suite = browserSuite();

  const systemLines = (app: ChatApp) => app.page.locator('[role=log] .system-line').allTextContents();
  const details = async (app: ChatApp): Promise<Locator> => {
    await app.page.getByRole('button', { name: 'Group details' }).click();
    const dialog = app.page.getByRole('dialog', { name: 'Group details' });
    await dialog.waitFor();
    return dialog;
  };
  const member = (dialog: Locator, username: string) =>
    dialog.getByRole('list', { name: 'Members' }).locator(`li[data-user="${username}"]`);

  it('adds, promotes, renames and removes live for everyone, each change a system line', () =>
    suite.scenario('groups', async () => {
      const alice = await ChatApp.open(await suite.person(), suite.api.url);
      const bob = await ChatApp.open(await suite.person(), suite.api.url);
      const carol = await ChatApp.open(await suite.person(), suite.api.url);
      await alice.signUp('alice_g', 'Alice Admin', PASSWORD);
      await bob.signUp('bob_g', 'Bob Member', PASSWORD);
      await carol.signUp('carol_g', 'Carol Newcomer', PASSWORD);
      const bobPhone = await ChatApp.open(await suite.person(), suite.api.url);
      await bobPhone.logIn('bob_g', PASSWORD);
      await bobPhone.page.waitForURL('**/chat');

      await alice.createGroup('Team', ['Bob Member']);
      await alice.send('hello team');
      await eventually(async () => expect(await bob.conversationNames()).toEqual(['Team']));
      await bob.openConversation('Team');
      await eventually(async () => expect(await bobPhone.conversationNames()).toEqual(['Team']));

      // Alice adds Carol with the search she already knows; Carol sees the group appear, with its history.
      let dialog = await details(alice);
      await dialog.getByLabel('Add people').fill('carol');
      await dialog.getByRole('list', { name: 'People to add' }).getByRole('button', { name: 'Add Carol Newcomer' }).click();
      await member(dialog, 'carol_g').waitFor();
      await dialog.getByRole('button', { name: 'Done' }).click();
      await eventually(async () => expect(await carol.conversationNames()).toEqual(['Team']));
      await carol.openConversation('Team');
      await eventually(async () => {
        expect(await carol.history()).toEqual(['hello team']);
        expect(await systemLines(carol)).toEqual(['alice_g added carol_g']);
      });
      await eventually(async () => expect(await systemLines(bob)).toEqual(['alice_g added carol_g']));

      // An admin may delete anyone's message.
      await carol.send('oops, wrong group');
      await eventually(async () => expect(await alice.history()).toEqual(['hello team', 'oops, wrong group']));
      await alice.message('oops, wrong group').hover();
      await alice.message('oops, wrong group').getByRole('button', { name: 'Delete this message' }).click();
      await alice.page.getByRole('dialog', { name: 'Delete this message?' }).getByRole('button', { name: 'Delete', exact: true }).click();
      await eventually(async () => expect(await carol.history()).toEqual(['hello team', 'This message was deleted']));
      expect(await bob.message('hello team').getByRole('button', { name: 'Delete this message' }).count()).toBe(0);

      // Roles and presence in the panel; Alice makes Bob an admin.
      dialog = await details(alice);
      await expect(member(dialog, 'alice_g').innerText()).resolves.toContain('Admin');
      await expect(member(dialog, 'bob_g').innerText()).resolves.toContain('Online');
      await member(dialog, 'bob_g').getByRole('button', { name: 'Make Bob Member an admin' }).click();
      await eventually(async () => expect(await member(dialog, 'bob_g').innerText()).toContain('Admin'));
      // And renames the group.
      await dialog.getByLabel('Group name').fill('Dream team');
      await dialog.getByRole('button', { name: 'Rename' }).click();
      await screenshot(alice.page, 'group-details');
      await dialog.getByRole('button', { name: 'Done' }).click();
      const lines = ['alice_g added carol_g', 'alice_g made bob_g an admin', 'alice_g renamed the group to “Dream team”'];
      for (const app of [alice, bob, carol]) {
        await eventually(async () => {
          expect(await systemLines(app)).toEqual(lines);
          expect(await app.conversationNames()).toEqual(['Dream team']);
        });
      }
      await carol.page.getByRole('heading', { level: 2, name: 'Dream team' }).waitFor();

      // Alice removes Bob: the group leaves both of his devices at once; the one showing it says so.
      dialog = await details(alice);
      await member(dialog, 'bob_g').getByRole('button', { name: 'Remove Bob Member from the group' }).click();
      await member(dialog, 'bob_g').waitFor({ state: 'detached' });
      await dialog.getByRole('button', { name: 'Done' }).click();
      await eventually(async () => {
        expect(await bob.conversationNames()).toEqual([]);
        expect(await bobPhone.conversationNames()).toEqual([]);
      });
      await bob.page.getByRole('alert').filter({ hasText: 'You are no longer in this conversation.' }).waitFor();
      await screenshot(bob.page, 'removed-from-group');
      await alice.send('after bob');
      await eventually(async () => expect(await carol.history()).toEqual(['hello team', 'This message was deleted', 'after bob']));
      expect(await bob.conversationNames()).toEqual([]);
      await bob.page.reload();
      await bob.page
        .getByRole('alert')
        .filter({ hasText: /no longer|not a member/ })
        .waitFor();
      expect(await bob.conversationNames()).toEqual([]);

      // Carol leaves.
      dialog = await details(carol);
      await dialog.getByRole('button', { name: 'Leave group' }).click();
      await carol.page.waitForURL('**/chat');
      await eventually(async () => expect(await carol.conversationNames()).toEqual([]));
      await eventually(async () => expect(await systemLines(alice)).toEqual([...lines, 'alice_g removed bob_g', 'carol_g left']));
    }));
});
