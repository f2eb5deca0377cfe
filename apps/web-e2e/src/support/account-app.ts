import type { Page } from 'playwright-core';

/** The account pages of one tab, driven by labels, roles and visible text. */
export class AccountPages {
  /** The access token this tab was given last (it lives in the page's memory only), to try it over REST. */
  accessToken: string | null = null;

  constructor(readonly page: Page) {
    page.on('response', (response) => {
      if (!/\/auth\/(login|refresh)$/.test(new URL(response.url()).pathname) || response.status() !== 200) return;
      void response.json().then(
        (body: { access_token?: string }) => (this.accessToken = body.access_token ?? this.accessToken),
        () => undefined,
      );
    });
  }

  /** From the chat, through the account menu in its header; on an account page, by the pages' own navigation. */
  async open(which: 'Profile' | 'Sessions' | 'Users'): Promise<void> {
    const pages = this.page.getByRole('navigation', { name: 'Account pages' });
    if ((await pages.count()) > 0) {
      await pages.getByRole('link', { name: which }).click();
    } else {
      await this.page.getByRole('button', { name: /^Account menu/ }).click();
      await this.page.getByRole('menu', { name: 'Account' }).getByRole('menuitem', { name: which }).click();
    }
    await this.page.waitForURL(`**/account/${which.toLowerCase()}`);
  }

  /** The sessions listed, top to bottom, as their rows read. */
  sessionRows(): Promise<string[]> {
    return this.page.getByRole('list', { name: 'Sessions' }).getByRole('listitem').allInnerTexts();
  }

  /** The line the login page shows about why this device was signed out ('' when none). */
  async signedOutLine(): Promise<string> {
    const line = this.page.locator('.signed-out');
    return (await line.count()) > 0 ? (await line.innerText()).trim() : '';
  }
}
