import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPerson, withFailureScreenshots } from './support/browser';
import { ChatApp, takeUncaughtErrors } from './support/chat-app';
import { eventually } from './support/eventually';
import { startApi, type ApiServer } from './support/server';

const PASSWORD = 'correct horse battery staple';
/** Rules of lesser impact that still fail the check: a page a screen reader can move through by landmarks and headings. */
const ALSO_REQUIRED = new Set(['region', 'page-has-heading-one', 'landmark-one-main', 'heading-order']);

/** axe-core over what is on screen: every violation of impact serious or critical, and of the rules above. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((rule) => rule.impact === 'serious' || rule.impact === 'critical' || ALSO_REQUIRED.has(rule.id))
    .map((rule) => `${rule.id} (${rule.impact}): ${rule.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/**
 * axe-core (4.13) over every page and dialog of the app, in the light theme and the dark: the login page, a 1-on-1, a
 * group, its details (and a system line in its timeline), the new-group dialog, the account menu and the search box.
 * Colour contrast is also checked by hand, token by token, in apps/web/src/styles.spec.ts (axe cannot decide it behind
 * a dialog's backdrop).
 */
describe('accessibility (axe-core)', () => {
  let api: ApiServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages = () => contexts.flatMap((context) => context.pages());

  beforeAll(async () => {
    [api, browser] = await Promise.all([startApi(), launchBrowser()]);
    const bob = await ChatApp.open(await newPerson(browser), api.url);
    await bob.signUp('bob', 'Bob Builder', PASSWORD);
    await bob.page.context().close();
    const carol = await ChatApp.open(await newPerson(browser), api.url);
    await carol.signUp('carol', 'Carol Danvers', PASSWORD);
    await carol.page.context().close();
  });

  afterEach(() => expect(takeUncaughtErrors()).toEqual([]));

  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });

  for (const dark of [false, true]) {
    const theme = dark ? 'dark' : 'light';
    it(`finds nothing on any page or dialog in the ${theme} theme`, () =>
      withFailureScreenshots(`axe ${theme}`, pages, async () => {
        const context = await newPerson(browser, { dark });
        contexts.push(context);
        const app = await ChatApp.open(context, api.url);
        await app.page.getByRole('tab', { name: 'Log in' }).waitFor();
        expect(await violations(app.page)).toEqual([]);

        await app.signUp(`alice${theme}`, 'Alice Liddell', PASSWORD);
        await app.openDirectWith('Bob Builder');
        await app.send('Hello Bob');
        await eventually(async () => expect(await app.unconfirmed().count()).toBe(0));
        expect(await violations(app.page)).toEqual([]);

        await app.createGroup(`Book club ${theme}`, ['Bob Builder', 'Carol Danvers']);
        await app.send('Welcome, both of you');
        await eventually(async () => expect(await app.unconfirmed().count()).toBe(0));
        expect(await violations(app.page)).toEqual([]);

        // The group's details, with a system line in the timeline behind them.
        await app.page.getByRole('button', { name: 'Group details' }).click();
        const details = app.page.getByRole('dialog', { name: 'Group details' });
        await details.getByLabel('Group name').fill(`Reading club ${theme}`);
        await details.getByRole('button', { name: 'Rename' }).click();
        await details.getByRole('button', { name: /^Make .* an admin$/ }).first().waitFor();
        expect(await violations(app.page)).toEqual([]);
        await details.getByRole('button', { name: 'Done' }).click();
        await app.page.locator('[role=log] .system-line').first().waitFor();
        expect(await violations(app.page)).toEqual([]);

        await app.page.getByRole('button', { name: 'New group' }).click();
        const dialog = app.page.getByRole('dialog', { name: 'New group' });
        await dialog.getByRole('checkbox', { name: /Bob Builder/ }).waitFor();
        expect(await violations(app.page)).toEqual([]);
        await app.page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });

        await app.openUserMenu();
        expect(await violations(app.page)).toEqual([]);
        await app.page.keyboard.press('Escape');

        // The search box with results, and with people suggested for from:.
        await app.page.keyboard.press('Control+K');
        const search = app.page.getByRole('dialog', { name: 'Search messages' });
        const query = search.getByRole('combobox', { name: 'Search messages' });
        await query.fill('welcome');
        await search.getByRole('button', { name: /Welcome, both of you/ }).waitFor();
        expect(await violations(app.page)).toEqual([]);
        await query.fill('from:bo');
        await search.getByRole('option', { name: /Bob Builder/ }).waitFor();
        expect(await violations(app.page)).toEqual([]);
        await app.page.keyboard.press('Escape');
        await search.waitFor({ state: 'hidden' });

        await app.page.getByRole('tab', { name: 'People' }).click();
        await app.page.getByLabel('Search people').fill(''); // searched for Bob to open the 1-on-1: everyone again
        await app.page
          .getByRole('list', { name: 'People' })
          .getByRole('button', { name: /Carol Danvers/ })
          .waitFor();
        expect(await violations(app.page)).toEqual([]);
      }));
  }
});
