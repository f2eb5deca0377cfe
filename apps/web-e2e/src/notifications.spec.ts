import type { Page } from 'playwright-core';
import { browserSuite } from './support/browser-suite';
import { ChatApp } from './support/chat-app';
import { eventually } from './support/eventually';

const PASSWORD = 'correct horse battery staple';

/** Chromium's own Notification, with each one the page shows also kept in `window.shown` for the test to read. */
const RECORD_NOTIFICATIONS = () => {
  const Real = window.Notification;
  const shown: Notification[] = [];
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      shown.push(this);
    }
    static override get permission() {
      return Real.permission;
    }
    static override requestPermission = Real.requestPermission.bind(Real);
  }
  Object.assign(window, { Notification: Recorded, shown });
};

const shown = (page: Page) =>
  page.evaluate(() => (window as unknown as { shown: Notification[] }).shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag })));

/** As if the person switched to another tab (`hidden`) or back (`visible`). */
const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
  page.evaluate((value) => {
    Object.defineProperty(document, 'visibilityState', { value, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
const hide = (page: Page) => setVisibility(page, 'hidden');

describe('notifications', () => {
  const suite = browserSuite();

  it('are asked for from the bell, notify of a 1-on-1 message while the tab is hidden, open it on a click, and stop when off', () =>
    suite.scenario('notifications', async () => {
      const aliceContext = await suite.person();
      const bobContext = await suite.person();
      await bobContext.grantPermissions(['notifications'], { origin: suite.api.url });
      await bobContext.addInitScript(RECORD_NOTIFICATIONS);
      const alice = await ChatApp.open(aliceContext, suite.api.url);
      const bob = await ChatApp.open(bobContext, suite.api.url);
      await alice.signUp('alice_n', 'Alice Liddell', PASSWORD);
      await bob.signUp('bob_n', 'Bob Builder', PASSWORD);

      // Nothing is asked on load; the bell asks, and then shows it is on.
      const bell = bob.page.getByRole('button', { name: 'Turn on notifications' });
      await bell.click();
      const on = bob.page.getByRole('button', { name: /^Notifications on/ });
      expect(await on.getAttribute('aria-pressed')).toBe('true');

      await hide(bob.page);
      await alice.openDirectWith('Bob Builder');
      await alice.send('are you there?');
      await eventually(async () =>
        expect(await shown(bob.page)).toEqual([{ title: 'Alice Liddell', body: 'are you there?', tag: expect.any(String) }]),
      );
      await eventually(async () => expect(await bob.page.title()).toBe('(1) Pneumatic Chat'));

      // A click on the notification opens the conversation.
      await bob.page.evaluate(() => (window as unknown as { shown: Notification[] }).shown[0].onclick?.(new Event('click')));
      await bob.page.getByRole('heading', { level: 2, name: 'Alice Liddell' }).waitFor();

      // Muted, the conversation is greyed in the list and notifies of nothing, though its messages arrive and count.
      await bob.page.getByRole('button', { name: 'Mute' }).click();
      await bob.page.getByRole('button', { name: '🔕 Muted' }).waitFor();
      const listed = bob.page.locator('ul[aria-label="Conversations"] li', { hasText: 'Alice Liddell' });
      await eventually(async () => expect(await listed.getAttribute('class')).toContain('muted'));
      await alice.send('quietly');
      await eventually(async () => expect(await bob.history()).toEqual(['are you there?', 'quietly']));
      expect(await shown(bob.page)).toHaveLength(1);
      await bob.page.getByRole('button', { name: '🔕 Muted' }).click();
      await bob.page.getByRole('button', { name: 'Mute' }).waitFor();

      // Switched off, the next message brings no notification (though it arrives).
      await on.click();
      await bob.page.getByRole('button', { name: 'Turn on notifications' }).waitFor();
      await alice.send('never mind');
      await eventually(async () => expect(await bob.history()).toEqual(['are you there?', 'quietly', 'never mind']));
      expect(await shown(bob.page)).toHaveLength(1);
    }));

  it('in a group, notify only of a mention: @ offers the members, the mention is marked and badged, a muted group stays quiet', () =>
    suite.scenario('mentions', async () => {
      const bobContext = await suite.person();
      await bobContext.grantPermissions(['notifications'], { origin: suite.api.url });
      await bobContext.addInitScript(RECORD_NOTIFICATIONS);
      const alice = await ChatApp.open(await suite.person(), suite.api.url);
      const bob = await ChatApp.open(bobContext, suite.api.url);
      const carol = await ChatApp.open(await suite.person(), suite.api.url);
      await alice.signUp('alice_m', 'Alice Mentioner', PASSWORD);
      await bob.signUp('bob_m', 'Bob Mentioned', PASSWORD);
      await carol.signUp('carol_m', 'Carol Danvers', PASSWORD);
      await bob.page.getByRole('button', { name: 'Turn on notifications' }).click();
      await bob.page.getByRole('button', { name: /^Notifications on/ }).waitFor();

      await alice.createGroup('Plans', ['Bob Mentioned', 'Carol Danvers']);
      await eventually(async () => expect(await bob.conversationNames()).toEqual(['Plans']));
      await hide(bob.page);
      await alice.send('morning all');

      // Typing @ offers the other members; Enter takes the one picked and the text goes on after it.
      const box = alice.page.getByLabel('Message', { exact: true });
      await box.pressSequentially('see you @b');
      const options = alice.page.getByRole('listbox', { name: 'Members to mention' }).getByRole('option');
      await eventually(async () => expect(await options.allInnerTexts()).toEqual(['Bob Mentioned @bob_m']));
      await box.press('Enter');
      expect(await box.inputValue()).toBe('see you @bob_m ');
      await box.pressSequentially('at ten');
      await box.press('Enter');

      // One notification: the mention, not the message before it.
      await eventually(async () =>
        expect(await shown(bob.page)).toEqual([{ title: 'Alice Mentioner', body: 'see you @bob_m at ten', tag: expect.any(String) }]),
      );
      await eventually(async () => expect(await bob.conversation('Plans').locator('.mention-badge').count()).toBe(1));
      // Back at the tab, Bob opens the group: his name is marked, the message stands out, and reading clears the badge.
      await setVisibility(bob.page, 'visible');
      await bob.openConversation('Plans');
      await eventually(async () =>
        expect(await bob.message('see you').locator('.mention.mention-me').allTextContents()).toEqual(['@bob_m']),
      );
      expect(await bob.message('see you').getAttribute('class')).toContain('mentions-me');
      await eventually(async () => expect(await bob.conversation('Plans').locator('.mention-badge').count()).toBe(0));

      // Muted, a mention arrives and counts but notifies of nothing.
      await bob.page.getByRole('button', { name: 'Mute' }).click();
      await bob.page.getByRole('button', { name: '🔕 Muted' }).waitFor();
      await hide(bob.page);
      await alice.send('@bob_m are you coming?');
      await eventually(async () => expect(await bob.history()).toContain('@bob_m are you coming?'));
      expect(await shown(bob.page)).toHaveLength(1);
    }));
});
