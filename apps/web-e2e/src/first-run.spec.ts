import { TcpProxy } from '@pneumatic/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPerson, withFailureScreenshots } from './support/browser';
import { ChatApp, takeUncaughtErrors } from './support/chat-app';
import { eventually } from './support/eventually';
import { startApi, type ApiServer } from './support/server';

const PASSWORD = 'correct horse battery staple';

/** What a page writes in the console as errors (a failed request shows as "Failed to load resource: … 401"). */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('response', (response) => response.status() === 401 && errors.push(`401 from ${response.url()}`));
  return errors;
}

/**
 * The first three people on a fresh server, each in their own browser: nobody is missing from anyone's People list,
 * whenever they signed up; a refused sign-up's error goes once the field is fixed; a signed-out visit logs nothing.
 * Alice reaches the server through a proxy the test can cut, to be away while someone signs up.
 */
describe('a fresh server, three people', () => {
  let api: ApiServer;
  let proxy: TcpProxy;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: ChatApp;
  let bob: ChatApp;
  const person = async () => {
    const context = await newPerson(browser);
    contexts.push(context);
    return context;
  };
  const pages = () => contexts.flatMap((context) => context.pages());
  const step = (name: string, body: () => Promise<void>) => it(name, () => withFailureScreenshots(name, pages, body));
  const people = (app: ChatApp) => app.page.getByRole('list', { name: 'People' }).locator('.name').allTextContents();

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

  step('a signed-out visit writes no error in the console, not even a 401 from resuming a session', async () => {
    const context = await person();
    const page = await context.newPage();
    const errors = consoleErrors(page);
    await page.goto(proxy.url);
    await page.getByRole('tab', { name: 'Log in' }).waitFor();
    await page.reload();
    await page.getByRole('tab', { name: 'Log in' }).waitFor();
    await page.waitForTimeout(500);
    expect(errors).toEqual([]);
    await page.close();
  });

  step('the first person is alone, and sees the second appear in People live', async () => {
    alice = await ChatApp.open(contexts[0], proxy.url);
    await alice.signUp('alice', 'Alice Liddell', PASSWORD);
    await alice.page.getByRole('tab', { name: 'People' }).click();
    await alice.page.getByText('Nobody else is here yet. People who sign up appear here.').waitFor();

    bob = await ChatApp.open(await person(), api.url);
    await bob.signUp('bob', 'Bob Builder', PASSWORD);
    await eventually(async () => expect(await people(alice)).toEqual(['Bob Builder']));

    // The group dialog knows him too, with nothing typed.
    await alice.page.getByRole('tab', { name: 'Chats' }).click();
    await alice.page.getByRole('button', { name: 'New group' }).click();
    const dialog = alice.page.getByRole('dialog', { name: 'New group' });
    await dialog.getByRole('checkbox', { name: /Bob Builder/ }).waitFor();
    expect(await dialog.getByText('Nobody matches').count()).toBe(0);
    await alice.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  step('a refused username is fixed in its field; the third person appears for those who were away too', async () => {
    await bob.page.getByRole('tab', { name: 'People' }).click();
    await eventually(async () => expect(await people(bob)).toEqual(['Alice Liddell']));
    await proxy.cut(); // Alice is away while Carol signs up: she cannot hear of it
    await eventually(async () => expect(await alice.connection()).toBe('Reconnecting…'));

    const carol = await ChatApp.open(await person(), api.url);
    await carol.page.getByRole('tab', { name: 'Sign up' }).click();
    const form = carol.page.locator('#account-panel-signup');
    await form.getByLabel('Username').fill('bob');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Create account' }).click();
    const taken = form.getByText('Username already registered');
    await taken.waitFor();
    expect(await form.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Username').fill('carol');
    await taken.waitFor({ state: 'detached' });
    expect(await form.getByLabel('Username').getAttribute('aria-invalid')).toBeNull();
    await form.getByLabel('Full name (optional)').fill('Carol Danvers');
    await form.getByRole('button', { name: 'Create account' }).click();
    await carol.page.waitForURL('**/chat');
    // The refused sign-up is the only failure: loading the page signed out asked nothing bound to fail.
    expect(carol.consoleErrors).toEqual([expect.stringContaining('409')]);

    // Bob was there: Carol joins his list live. Alice, back, finds her as soon as she looks.
    await eventually(async () => expect(await people(bob)).toEqual(['Alice Liddell', 'Carol Danvers']));
    await proxy.restore();
    await eventually(async () => expect(await alice.connection()).toBe('Connected'), 20_000);
    await alice.page.getByRole('tab', { name: 'People' }).click();
    await eventually(async () => expect(await people(alice)).toEqual(['Bob Builder', 'Carol Danvers']));
  });
});
