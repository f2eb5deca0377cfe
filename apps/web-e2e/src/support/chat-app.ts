import type { BrowserContext, Locator, Page } from 'playwright-core';

const uncaught: string[] = [];

/** Errors thrown in any page since the last call (an app that works throws none). */
export function takeUncaughtErrors(): string[] {
  return uncaught.splice(0);
}

/** One tab of the web app, driven the way a person uses it: by labels, roles and visible text. */
export class ChatApp {
  /** What the page wrote in the console as errors since it opened (a failed request shows as one too). */
  readonly consoleErrors: string[] = [];

  private constructor(readonly page: Page) {
    page.on('console', (message) => message.type() === 'error' && this.consoleErrors.push(message.text()));
  }

  static async open(context: BrowserContext, url: string): Promise<ChatApp> {
    const page = await context.newPage();
    page.on('pageerror', (error) => uncaught.push(`${page.url()}: ${error.stack ?? error.message}`));
    const app = new ChatApp(page);
    await page.goto(url);
    return app;
  }

  async signUp(username: string, fullName: string, password: string): Promise<void> {
    await this.page.getByRole('tab', { name: 'Sign up' }).click();
    const panel = this.page.locator('#account-panel-signup');
    await panel.getByLabel('Username').fill(username);
    await panel.getByLabel('Full name (optional)').fill(fullName);
    await panel.getByLabel('Password').fill(password);
    await panel.getByRole('button', { name: 'Create account' }).click();
    await this.page.waitForURL('**/chat');
  }

  async logIn(username: string, password: string): Promise<void> {
    const panel = this.page.locator('#account-panel-login');
    await panel.getByLabel('Username').fill(username);
    await panel.getByLabel('Password').fill(password);
    await panel.getByRole('button', { name: 'Log in' }).click();
  }

  /** Opens the account menu in the header (the button named after the user). */
  async openUserMenu(): Promise<Locator> {
    await this.page.getByRole('button', { name: /^Account menu/ }).click();
    const menu = this.page.getByRole('menu', { name: 'Account' });
    await menu.waitFor();
    return menu;
  }

  async logOut(): Promise<void> {
    const menu = await this.openUserMenu();
    await menu.getByRole('menuitem', { name: /Log out/ }).click();
    await this.page.waitForURL('**/login');
  }

  async chooseTheme(theme: 'Light' | 'Dark' | 'System'): Promise<void> {
    const menu = await this.openUserMenu();
    await menu.getByRole('menuitemradio', { name: `${theme} theme` }).click();
    await menu.waitFor({ state: 'hidden' });
  }

  /** The bodies of the messages at least half on screen in the open conversation, top to bottom. */
  visibleHistory(): Promise<string[]> {
    return this.page.locator('pc-message-list .scroller').evaluate((scroller) => {
      const view = scroller.getBoundingClientRect();
      return Array.from(scroller.querySelectorAll<HTMLElement>('li.message'))
        .filter((row) => {
          const box = row.getBoundingClientRect();
          const shown = Math.min(box.bottom, view.bottom) - Math.max(box.top, view.top);
          return shown >= box.height / 2;
        })
        .map((row) => row.querySelector<HTMLElement>('.content')?.innerText ?? '');
    });
  }

  /** Whether the "New messages" line is on screen in the open conversation. */
  newMessagesLineOnScreen(): Promise<boolean> {
    return this.page.locator('pc-message-list .scroller').evaluate((scroller) => {
      const line = scroller.querySelector('.unread-divider');
      if (!line) return false;
      const view = scroller.getBoundingClientRect();
      const box = line.getBoundingClientRect();
      return box.top >= view.top && box.bottom <= view.bottom;
    });
  }

  /** Scrolls the history by `pixels` (positive: towards the newest), as a mouse wheel would. */
  async scrollHistory(pixels: number): Promise<void> {
    const box = await this.page.locator('pc-message-list .scroller').boundingBox();
    if (!box) throw new Error('no history on screen');
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.mouse.wheel(0, pixels);
  }

  /** The conversation list, top to bottom. */
  conversationNames(): Promise<string[]> {
    return this.page.locator('ul[aria-label="Conversations"] .name').allTextContents();
  }

  conversation(name: string): Locator {
    return this.page.locator('ul[aria-label="Conversations"] a').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** The unread badge of a conversation ('' when there is none). */
  async unread(name: string): Promise<string> {
    // One read that never waits: counting first and then reading the text raced a badge being cleared, and the
    // text read then waited 30 s for an element that was gone.
    const [text = ''] = await this.conversation(name).locator('.badge').allTextContents();
    return text;
  }

  async openConversation(name: string): Promise<void> {
    await this.page.getByRole('tab', { name: 'Chats' }).click();
    await this.conversation(name).click();
    await this.page.getByRole('heading', { level: 2, name }).waitFor();
  }

  /** Finds a person under People and opens (or creates) the 1-on-1 with them. */
  async openDirectWith(person: string): Promise<void> {
    await this.page.getByRole('tab', { name: 'People' }).click();
    await this.page.getByLabel('Search people').fill(person);
    await this.page
      .getByRole('list', { name: 'People' })
      .getByRole('button', { name: new RegExp(person) })
      .click();
    await this.page.getByRole('heading', { level: 2, name: person }).waitFor();
  }

  async createGroup(title: string, members: readonly string[]): Promise<void> {
    await this.page.getByRole('tab', { name: 'Chats' }).click();
    await this.page.getByRole('button', { name: 'New group' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Title (optional)').fill(title);
    for (const member of members) {
      await dialog.getByLabel('Add people').fill(member);
      await dialog.getByRole('checkbox', { name: new RegExp(member) }).check();
    }
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await this.page.getByRole('heading', { level: 2, name: title }).waitFor();
  }

  async send(text: string): Promise<void> {
    const box = this.page.getByLabel('Message', { exact: true });
    await box.fill(text);
    await box.press('Enter');
  }

  /** The bodies of the messages shown in the open conversation, top to bottom. */
  history(): Promise<string[]> {
    // As shown: a formatted text's line breaks are <br>s, which innerText reads as the newlines they were typed as.
    return this.page.locator('[role=log] .content').allInnerTexts();
  }

  /** The bubble of the message with this text (or this placeholder) in the open conversation. */
  message(text: string): Locator {
    return this.page.locator('[role=log] pc-message-bubble').filter({ has: this.page.locator('.content', { hasText: text }) });
  }

  /** The whole row of the message with this text: its bubble and the reactions under it. */
  row(text: string): Locator {
    return this.page.locator('[role=log] li.message').filter({ has: this.page.locator('.content', { hasText: text }) });
  }

  /** The reaction chips under a message, as "👍 2" each. */
  async reactions(text: string): Promise<string[]> {
    const chips = await this.row(text).locator('pc-message-reactions .chip:not(.add-button)').allTextContents();
    return chips.map((chip) => chip.replace(/\s+/g, ' ').trim());
  }

  /** Edits one of the user's own messages in place. */
  async editMessage(text: string, replacement: string): Promise<void> {
    await this.message(text).hover();
    await this.message(text).getByRole('button', { name: 'Edit your message' }).click();
    const editor = this.page.getByLabel('Edit your message');
    await editor.fill(replacement);
    await editor.press('Enter');
    await editor.waitFor({ state: 'detached' });
  }

  /** The preview line of a conversation in the list. */
  conversationPreview(name: string): Promise<string> {
    return this.conversation(name).locator('.preview').innerText();
  }

  /** Own messages not yet confirmed by the server. */
  unconfirmed(): Locator {
    return this.page.locator('pc-message-bubble:is([data-state="sending"], [data-state="queued"], [data-state="failed"])');
  }

  /** The connection indicator in the sidebar. */
  connection(): Promise<string> {
    return this.page.locator('pc-sidebar pc-connection-status').innerText();
  }

  /** The "… is typing…" line of the open conversation ('' when nobody is typing). */
  async typingLine(): Promise<string> {
    return (await this.page.locator('pc-conversation-pane p.typing').innerText()).trim();
  }

  /** Whether a conversation's row shows the online dot. */
  async onlineInList(name: string): Promise<boolean> {
    return (await this.conversation(name).getByRole('img', { name: 'Online' }).count()) > 0;
  }

  /** Whether the open conversation's header shows the online dot. */
  async onlineInHeader(): Promise<boolean> {
    return (await this.page.locator('pc-conversation-pane header').getByRole('img', { name: 'Online' }).count()) > 0;
  }

  /** The line under the open conversation's name ("@bob · last seen just now"). */
  async headerSubtitle(): Promise<string> {
    return (await this.page.locator('pc-conversation-pane header .heading p').innerText()).replace(/\s+/g, ' ').trim();
  }

  /** The delivery state of the user's own messages in the open conversation, top to bottom ('sent', 'read', …). */
  ownMessageStates(): Promise<(string | null)[]> {
    return this.page.locator('pc-message-bubble.own').evaluateAll((bubbles) => bubbles.map((bubble) => bubble.getAttribute('data-state')));
  }

  /** Types into the composer without sending. */
  async type(text: string): Promise<void> {
    await this.page.getByLabel('Message', { exact: true }).fill(text);
  }
}
