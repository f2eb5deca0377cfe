import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Account } from '@pneumatic/contracts';
import { Session, ThemePreference } from '@pneumatic/web/data-access';
import { UserMenu } from './user-menu';

describe('UserMenu', () => {
  const session = {
    user: signal<Account>({
      id: 'u-alice',
      username: 'alice',
      full_name: 'Alice Liddell',
      deactivated: false,
      avatar_url: null,
      administrator: false,
    }),
    logout: jest.fn(() => Promise.resolve()),
  };

  async function render() {
    TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: Session, useValue: session }] });
    const fixture = TestBed.createComponent(UserMenu);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  const items = (element: HTMLElement) => Array.from(element.querySelectorAll<HTMLElement>('[role^=menuitem]'));

  afterEach(() => session.user.set({ ...session.user(), administrator: false }));

  it('is a menu button named after the user, offering the account pages, the themes and logging out', async () => {
    const { element } = await render();
    const trigger = element.querySelector('button[aria-haspopup=menu]');
    expect(trigger?.getAttribute('aria-label')).toBe('Account menu: Alice Liddell');
    expect(trigger?.getAttribute('aria-expanded')).toBe('false');
    expect(items(element).map((item) => [item.getAttribute('role'), item.textContent?.replace(/\s+/g, ' ').trim()])).toEqual([
      ['menuitem', 'Profile'],
      ['menuitem', 'Sessions'],
      ['menuitemradio', 'Light theme'],
      ['menuitemradio', 'Dark theme'],
      ['menuitemradio', '● System theme'],
      ['menuitem', 'Log out @alice'],
    ]);
  });

  it('lists the users page for administrators only', async () => {
    session.user.set({ ...session.user(), administrator: true });
    const { element } = await render();
    expect(items(element).map((item) => item.textContent?.trim())).toContain('Users');
  });

  it('moves between items with the arrows, Home, End and a first letter, wrapping around', async () => {
    const { element } = await render();
    const menu = element.querySelector<HTMLElement>('[role=menu]');
    const all = items(element);
    const press = (key: string) => document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    all[0].focus();
    press('ArrowUp');
    expect(document.activeElement).toBe(all[5]);
    press('ArrowDown');
    expect(document.activeElement).toBe(all[0]);
    press('End');
    expect(document.activeElement).toBe(all[5]);
    press('Home');
    press('d');
    expect(document.activeElement).toBe(all[3]);
    expect(menu).toBeTruthy();
  });

  it('keeps the chosen theme, and logs out', async () => {
    const { fixture, element } = await render();
    items(element)[3].click();
    await fixture.whenStable();
    expect(TestBed.inject(ThemePreference).choice()).toBe('dark');
    expect(items(element)[3].getAttribute('aria-checked')).toBe('true');
    items(element)[5].click();
    expect(session.logout).toHaveBeenCalledTimes(1);
    localStorage.clear();
  });
});
