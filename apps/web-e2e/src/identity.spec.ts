import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { ApiClient } from './support/api-client';
import { launchBrowser, newPerson, screenshot, withFailureScreenshots } from './support/browser';
import { ChatApp, takeUncaughtErrors } from './support/chat-app';
import { eventually } from './support/eventually';
import { startApi, type ApiServer } from './support/server';

const PASSWORD = 'correct horse battery staple';

/** The hue a person is drawn in (set on avatars and message bubbles from the person's id). */
const hueOf = (element: Locator) => element.evaluate((node) => getComputedStyle(node).getPropertyValue('--pc-person-hue').trim());
const background = (element: Locator) => element.evaluate((node) => getComputedStyle(node).backgroundColor);

/**
 * Who is who: a person has one colour and one set of initials everywhere; in a group each run of messages starts with
 * its sender's avatar and name in their colour, and the time once; the account menu holds the theme and logging out;
 * the phone composer keeps to one line. Screenshots of the group on desktop and phone, light and dark.
 */
describe('people, groups and the account menu in the browser', () => {
  let api: ApiServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: ChatApp;
  let groupId: string;
  const person = async (options?: Parameters<typeof newPerson>[1]) => {
    const context = await newPerson(browser, options);
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

  step('a person has the same avatar in Chats, in People and in the conversation', async () => {
    alice = await ChatApp.open(await person(), api.url);
    await alice.signUp('alice', 'Alice Liddell', PASSWORD);
    for (const [username, name] of [
      ['bob', 'Bob Builder'],
      ['carol', 'Carol Danvers'],
    ]) {
      const signup = await fetch(`${api.url}/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD, full_name: name }),
      });
      expect(signup.status).toBe(201);
    }
    await alice.openDirectWith('Bob Builder');
    await alice.send('Hi Bob');
    const inPeople = alice.page
      .getByRole('list', { name: 'People' })
      .getByRole('button', { name: /Bob Builder/ })
      .locator('pc-avatar');
    const inChats = alice.conversation('Bob Builder').locator('pc-avatar');
    const inHeader = alice.page.locator('pc-conversation-pane header pc-avatar');
    await alice.page.getByRole('tab', { name: 'People' }).click();
    const colour = await background(inPeople);
    await alice.page.getByRole('tab', { name: 'Chats' }).click();
    expect(await background(inChats)).toBe(colour);
    expect(await background(inHeader)).toBe(colour);
    expect(await inChats.innerText()).toBe('BB');
  });

  step('a group shows who said what: avatar and coloured name at each run, the time once per run', async () => {
    await alice.createGroup('Book club', ['Bob Builder', 'Carol Danvers']);
    groupId = alice.page.url().split('/').pop() ?? '';
    const [bob, carol] = await Promise.all([ApiClient.login(api.url, 'bob', PASSWORD), ApiClient.login(api.url, 'carol', PASSWORD)]);
    await bob.send(groupId, 'I finished the book last night.');
    await bob.send(groupId, 'The ending!');
    await carol.send(groupId, 'No spoilers, I am on chapter 9.');
    await alice.send('Same here, chapter 7.');
    await bob.send(groupId, 'Fine, fine. Thursday then?');
    await eventually(async () => expect(await alice.history()).toHaveLength(5));

    const rows = alice.page.locator('[role=log] li.message');
    expect(await rows.evaluateAll((all) => all.map((row) => row.querySelector('pc-avatar')?.textContent?.trim() ?? ''))).toEqual([
      'BB',
      '',
      'CD',
      '',
      'BB',
    ]);
    expect(await alice.page.locator('[role=log] .sender').allTextContents()).toEqual(['Bob Builder', 'Carol Danvers', 'Bob Builder']);
    // Each name in its person's colour: the hue of their avatar, Bob's twice.
    const names = alice.page.locator('[role=log] pc-message-bubble:has(.sender)');
    const avatars = alice.page.locator('[role=log] li.message pc-avatar');
    const nameHues = await Promise.all([0, 1, 2].map((i) => hueOf(names.nth(i))));
    expect(nameHues).toEqual(await Promise.all([0, 1, 2].map((i) => hueOf(avatars.nth(i)))));
    expect(nameHues[0]).toBe(nameHues[2]);
    const nameColour = await names
      .nth(0)
      .locator('.sender')
      .evaluate((node) => getComputedStyle(node).color);
    const accent = await alice.page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--pc-accent').trim());
    expect(nameColour).not.toBe(accent);

    // Four runs (Bob, Carol, Alice, Bob): four times written; the one inside Bob's first run shows on hover.
    const shownTimes = () =>
      alice.page.locator('[role=log] time').evaluateAll((times) => times.filter((time) => getComputedStyle(time).opacity === '1').length);
    expect(await shownTimes()).toBe(4);
    await alice.page.locator('[role=log] pc-message-bubble').nth(1).hover();
    await eventually(async () => expect(await shownTimes()).toBe(5));
    expect(await alice.page.locator('[role=log] pc-day-separator').allInnerTexts()).toEqual(['Today']);
  });

  step('the account menu: from the keyboard, the theme (kept across a reload) and logging out', async () => {
    const page = alice.page;
    const button = page.getByRole('button', { name: 'Account menu: Alice Liddell' });
    await button.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Account' });
    await menu.waitFor();
    // The popover's toggle event (which sets aria-expanded) comes a moment after it shows.
    await eventually(async () => expect(await button.getAttribute('aria-expanded')).toBe('true'));
    await eventually(async () => expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Profile'));
    await page.keyboard.press('ArrowDown'); // Sessions
    await page.keyboard.press('ArrowDown'); // Light theme
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 23, 28)');
    await screenshot(page, 'group-desktop-dark');

    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Book club' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');

    await button.click();
    await menu.waitFor();
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-haspopup'))).toBe('menu');

    await alice.chooseTheme('System'); // the browser says light
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    await screenshot(page, 'group-desktop-light');
    await alice.logOut();
    await alice.logIn('alice', PASSWORD);
    await page.waitForURL('**/chat');
  });

  step('on a 375 px phone the composer keeps its counter on one line and no room for a hidden hint', async () => {
    const phone = await ChatApp.open(await person({ width: 375, height: 740 }), api.url);
    await phone.logIn('carol', PASSWORD);
    await phone.page.waitForURL('**/chat');
    await phone.conversation('Book club').click();
    await phone.page.getByRole('heading', { level: 2, name: 'Book club' }).waitFor();
    await eventually(async () => expect(await phone.history()).toHaveLength(5));
    expect(await phone.page.locator('#composer-help').isVisible()).toBe(false);
    expect(await phone.page.locator('pc-composer .help').isVisible()).toBe(false); // nothing to count yet
    await screenshot(phone.page, 'group-375-light');

    await phone.type('x'.repeat(4010));
    const counter = phone.page.locator('#composer-count');
    await eventually(async () => expect(await counter.innerText()).toBe('10 characters too long'));
    const box = await counter.boundingBox();
    const lineHeight = await counter.evaluate((node) => parseFloat(getComputedStyle(node).lineHeight));
    expect(box?.height).toBeLessThanOrEqual(lineHeight * 1.2); // one line
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.type('');

    // On a phone the menu is with the conversation list.
    await phone.page.getByRole('link', { name: 'Back to conversations' }).click();
    await phone.chooseTheme('Dark');
    await screenshot(phone.page, 'list-375-dark');
    await phone.conversation('Book club').click();
    await phone.page.getByRole('heading', { level: 2, name: 'Book club' }).waitFor();
    await screenshot(phone.page, 'group-375-dark');
  });
});
