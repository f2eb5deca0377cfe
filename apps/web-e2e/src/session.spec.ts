import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, newPerson, withFailureScreenshots } from './support/browser';
import { ChatApp, takeUncaughtErrors } from './support/chat-app';
import { eventually } from './support/eventually';
import { startApi, type ApiServer } from './support/server';

const PASSWORD = 'correct horse battery staple';
const ACCESS_TOKEN_SECONDS = 12;

/**
 * The session with access tokens that live 12 seconds: the page renews them before they expire, its socket
 * comes back with the new one after the server lets the old one go, and a refused refresh or a logout ends the
 * session cleanly in every tab.
 */
describe('the session', () => {
  let api: ApiServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let aliceContext: BrowserContext;
  let alice: ChatApp;
  let bob: ChatApp;
  const person = async () => {
    const context = await newPerson(browser);
    contexts.push(context);
    return context;
  };
  const step = (name: string, body: () => Promise<void>) =>
    it(name, () => withFailureScreenshots(name, () => contexts.flatMap((c) => c.pages()), body));
  const refreshToken = async (context: BrowserContext) => (await context.cookies()).find((c) => c.name === 'refresh_token')?.value;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi({ ACCESS_TOKEN_TTL: `${ACCESS_TOKEN_SECONDS}s` }), launchBrowser()]);
  });

  afterEach(() => expect(takeUncaughtErrors()).toEqual([]));

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  step('renews the access token before it expires and keeps chatting past its expiry', async () => {
    aliceContext = await person();
    alice = await ChatApp.open(aliceContext, api.url);
    bob = await ChatApp.open(await person(), api.url);
    const refreshes: number[] = [];
    alice.page.on('request', (request) => request.url().endsWith('/auth/refresh') && refreshes.push(Date.now()));
    await alice.signUp('alice', 'Alice Liddell', PASSWORD);
    await bob.signUp('bob', 'Bob Builder', PASSWORD);
    await alice.openDirectWith('Bob Builder');
    await alice.send('first');
    await eventually(async () => expect(await bob.conversationNames()).toEqual(['Alice Liddell']));
    await bob.openConversation('Alice Liddell');

    // Two and a half token lifetimes: every token the pages started with has expired by now.
    await alice.page.waitForTimeout(ACCESS_TOKEN_SECONDS * 2500);
    expect(refreshes.length).toBeGreaterThanOrEqual(2);
    expect(alice.page.url()).toContain('/chat/');

    await bob.send('still here after the tokens expired');
    await eventually(async () => expect(await alice.history()).toEqual(['first', 'still here after the tokens expired']), 15_000);
    await alice.send('me too');
    await eventually(async () => expect(await bob.history()).toEqual(['first', 'still here after the tokens expired', 'me too']), 15_000);
    await eventually(async () => expect(await alice.connection()).toBe('Connected'));
  });

  step('logging out revokes the refresh token and signs out every tab', async () => {
    const secondTab = await ChatApp.open(aliceContext, `${api.url}/chat`);
    await secondTab.conversation('Bob Builder').waitFor();
    const token = await refreshToken(aliceContext);
    expect(token).toBeTruthy();

    await alice.logOut();
    await eventually(async () => expect(secondTab.page.url()).toBe(`${api.url}/login`));
    expect(await refreshToken(aliceContext)).toBeUndefined();
    const replay = await fetch(`${api.url}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: token }),
    });
    expect(replay.status).toBe(401);
    await alice.page.reload();
    await alice.page.getByRole('tab', { name: 'Log in' }).waitFor();
    expect(alice.page.url()).toBe(`${api.url}/login`);
    await secondTab.page.close();
  });

  step('a refused refresh ends the session on the login page', async () => {
    await alice.logIn('alice', PASSWORD);
    await alice.page.waitForURL('**/chat');
    // Another device logs this session out (its refresh token family is revoked): at its next renewal the
    // page learns it and leaves for the login page by itself.
    const token = await refreshToken(aliceContext);
    const logout = await fetch(`${api.url}/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: token }),
    });
    expect(logout.status).toBe(204);
    await alice.page.waitForURL('**/login', { timeout: ACCESS_TOKEN_SECONDS * 1000 + 5_000 });
    await alice.page.getByRole('tab', { name: 'Log in' }).waitFor();
  });
});
