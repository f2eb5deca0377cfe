import type { Browser, BrowserContext } from 'playwright-core';
import { AccountPages } from './support/account-app';
import { launchBrowser, newPerson, screenshot, withFailureScreenshots } from './support/browser';
import { ChatApp, takeUncaughtErrors } from './support/chat-app';
import { eventually } from './support/eventually';
import { startApi, type ApiServer } from './support/server';

const PASSWORD = 'correct horse battery staple';
/** What issue 20 promises a device whose session is ended elsewhere: the login page within two seconds. */
const TWO_SECONDS = 2000;

/**
 * The account pages: a profile whose new name reaches a contact live, the sessions page signing another browser
 * out at once, a password change that signs out the others, and an administrator deactivating and reactivating a
 * user whose open tab is signed out with a line saying why.
 */
describe('the account pages', () => {
  let api: ApiServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: ChatApp;
  let aliceAccount: AccountPages;
  let bob: ChatApp;
  const person = async () => {
    const context = await newPerson(browser);
    contexts.push(context);
    return context;
  };
  const step = (name: string, body: () => Promise<void>) =>
    it(name, () => withFailureScreenshots(name, () => contexts.flatMap((c) => c.pages()), body));
  const restStatus = async (token: string | null) =>
    (await fetch(`${api.url}/conversations`, { headers: { authorization: `Bearer ${token}` } })).status;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi({ ADMIN_USERNAMES: 'root' }), launchBrowser()]);
  });
  afterEach(() => expect(takeUncaughtErrors()).toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  step('a new name on the profile page reaches a contact live', async () => {
    alice = await ChatApp.open(await person(), api.url);
    aliceAccount = new AccountPages(alice.page);
    bob = await ChatApp.open(await person(), api.url);
    await alice.signUp('alice', 'Alice Liddell', PASSWORD);
    await bob.signUp('bob', 'Bob Builder', PASSWORD);
    await alice.openDirectWith('Bob Builder');
    await alice.send('hello');
    await eventually(async () => expect(await bob.conversationNames()).toEqual(['Alice Liddell']));

    await aliceAccount.open('Profile');
    const name = alice.page.getByLabel('Full name');
    await name.fill('Alice Pleasance');
    await alice.page.getByRole('button', { name: 'Save name' }).click();
    await alice.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await eventually(async () => expect(await bob.conversationNames()).toEqual(['Alice Pleasance']));
    await screenshot(alice.page, 'account-profile');
  });

  step('signing another browser out on the sessions page sends it to the login page at once, saying why', async () => {
    const laptop = await ChatApp.open(await person(), api.url);
    const laptopAccount = new AccountPages(laptop.page);
    await laptop.logIn('alice', PASSWORD);
    await laptop.page.waitForURL('**/chat');
    await eventually(async () => expect(await laptop.connection()).toBe('Connected'));
    expect(await restStatus(laptopAccount.accessToken)).toBe(200);

    await aliceAccount.open('Sessions');
    await eventually(async () => expect(await aliceAccount.sessionRows()).toHaveLength(2));
    const rows = await aliceAccount.sessionRows();
    expect(rows[0]).toMatch(/^Chrome on Linux\s*This device/);
    await screenshot(alice.page, 'account-sessions');
    await alice.page.getByRole('button', { name: /^Sign out / }).click();
    await laptop.page.waitForURL('**/login', { timeout: TWO_SECONDS });
    await eventually(async () => expect(await laptopAccount.signedOutLine()).toBe('You were signed out from another device.'));
    expect(await restStatus(laptopAccount.accessToken)).toBe(401);
    await eventually(async () => expect(await aliceAccount.sessionRows()).toHaveLength(1));
    expect(alice.page.url()).toContain('/account/sessions');
    await screenshot(laptop.page, 'account-signed-out');
  });

  step('a password change signs out the other browsers; a wrong current password is shown on its field', async () => {
    const phone = await ChatApp.open(await person(), api.url);
    await phone.logIn('alice', PASSWORD);
    await phone.page.waitForURL('**/chat');
    await eventually(async () => expect(await phone.connection()).toBe('Connected'));

    await aliceAccount.open('Profile');
    const form = alice.page.locator('form').filter({ has: alice.page.getByLabel('Current password') });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password', { exact: true }).fill('a brand new password');
    await form.getByLabel('Repeat the new password').fill('a brand new password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('is not your current password').waitFor();
    expect(phone.page.url()).toContain('/chat');

    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await alice.page.getByRole('status').filter({ hasText: 'Every other device has been signed out' }).waitFor();
    await phone.page.waitForURL('**/login');
    await eventually(async () => expect(await new AccountPages(phone.page).signedOutLine()).toContain('Your password was changed'));
    expect(alice.page.url()).toContain('/account/profile');
  });

  step('an administrator deactivates a user, whose open tab is signed out; they cannot log in until reactivated', async () => {
    const root = await ChatApp.open(await person(), api.url);
    await root.signUp('root', 'Site Admin', PASSWORD);
    const rootAccount = new AccountPages(root.page);
    await rootAccount.open('Users');
    await root.page.getByLabel('Search users').fill('bob');
    const row = root.page.getByRole('list', { name: 'Users' }).getByRole('listitem').filter({ hasText: '@bob' });
    await row.getByRole('button', { name: 'Deactivate bob' }).click();
    await row.getByText('Deactivated', { exact: true }).waitFor();
    await screenshot(root.page, 'account-users');

    await bob.page.waitForURL('**/login', { timeout: TWO_SECONDS });
    const bobAccount = new AccountPages(bob.page);
    await eventually(async () => expect(await bobAccount.signedOutLine()).toBe('Your account has been deactivated by an administrator.'));
    await bob.logIn('bob', PASSWORD);
    await bob.page.getByRole('alert').filter({ hasText: 'Incorrect username or password' }).waitFor();

    await row.getByRole('button', { name: 'Reactivate bob' }).click();
    await row.getByRole('button', { name: 'Deactivate bob' }).waitFor();
    await bob.logIn('bob', PASSWORD);
    await bob.page.waitForURL('**/chat');
    expect(await bobAccount.signedOutLine()).toBe('');
  });

  step('only administrators see the users page', async () => {
    await alice.page.goto(`${api.url}/account/users`);
    await alice.page.waitForURL('**/account/profile');
    expect(await alice.page.getByRole('navigation', { name: 'Account pages' }).getByRole('link').allInnerTexts()).toEqual([
      'Profile',
      'Sessions',
    ]);
  });
});
