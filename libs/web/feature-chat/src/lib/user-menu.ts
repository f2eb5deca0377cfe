import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, signal, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import { displayName, Session, ThemePreference, type ThemeChoice } from '@pneumatic/web/data-access';
import { Avatar } from '@pneumatic/web/ui';
import { MenuKeys } from './menu-keys';

/** A page about the account, opened from the menu. */
export interface AccountPage {
  readonly label: string;
  /** The app's route, e.g. `/account/profile`. */
  readonly path: string;
  /** Shown to administrators only. */
  readonly administrators?: boolean;
}

/** The account's pages, top of the menu, in this order: a new page gets its entry here. */
export const ACCOUNT_PAGES: readonly AccountPage[] = [
  { label: 'Profile', path: '/account/profile' },
  { label: 'Sessions', path: '/account/sessions' },
  { label: 'Users', path: '/account/users', administrators: true },
];

const THEMES: readonly { readonly choice: ThemeChoice; readonly label: string }[] = [
  { choice: 'light', label: 'Light' },
  { choice: 'dark', label: 'Dark' },
  { choice: 'system', label: 'System' },
];

let nextId = 0;

/**
 * The signed-in user's menu (the WAI-ARIA menu button): the account's pages, the theme, and logging out. Built on the
 * native popover, which puts it above everything, closes it on Escape or a click elsewhere and gives the focus back.
 */
@Component({
  selector: 'pc-user-menu',
  imports: [Avatar, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './user-menu.html',
  styleUrl: './user-menu.css',
})
export class UserMenu {
  private readonly session = inject(Session);
  protected readonly theme = inject(ThemePreference);
  protected readonly pages = computed(() => ACCOUNT_PAGES.filter((page) => !page.administrators || this.session.user()?.administrator));
  protected readonly themes = THEMES;
  protected readonly menuId = `pc-user-menu-${nextId++}`;
  protected readonly open = signal(false);
  protected readonly name = computed(() => displayName(this.session.user() ?? undefined));
  protected readonly userId = computed(() => this.session.user()?.id ?? '');
  protected readonly avatar = computed(() => this.session.user()?.avatar_url ?? null);
  protected readonly username = computed(() => this.session.user()?.username ?? '');
  private readonly trigger = viewChild.required<ElementRef<HTMLButtonElement>>('trigger');
  private readonly menu = viewChild.required<ElementRef<HTMLElement>>('menu');
  protected readonly keys = new MenuKeys(
    () => this.menu().nativeElement,
    () => this.close(),
  );

  /** Where the focus goes once the menu is open: the first item, or the last when opened with ArrowUp. */
  private focusOnOpen: 'first' | 'last' = 'first';

  /** ArrowDown and ArrowUp open the menu from its button too (Enter and Space do natively: `popovertarget`). */
  protected onTriggerKeydown(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    this.focusOnOpen = event.key === 'ArrowUp' ? 'last' : 'first';
    if (!this.open()) this.menu().nativeElement.showPopover?.();
  }

  protected onBeforeToggle(event: Event): void {
    if ((event as ToggleEvent).newState === 'open') this.place(this.menu().nativeElement);
  }

  /** The popover opened or closed, whichever way (its button, Escape, a click elsewhere). */
  protected onToggle(event: Event): void {
    const open = (event as ToggleEvent).newState === 'open';
    this.open.set(open);
    if (open) this.keys.focus(this.focusOnOpen);
    this.focusOnOpen = 'first';
  }

  protected chooseTheme(choice: ThemeChoice): void {
    this.theme.choose(choice);
    this.close();
  }

  /** The app leaves the chat when the session ends (see the root component). */
  protected logout(): void {
    this.close();
    void this.session.logout();
  }

  protected close(): void {
    const menu = this.menu().nativeElement;
    if (menu.matches?.(':popover-open')) menu.hidePopover();
    this.trigger().nativeElement.focus();
  }

  /** Under its button, kept on screen (the top layer is not positioned by the page's layout). */
  private place(menu: HTMLElement): void {
    const anchor = this.trigger().nativeElement.getBoundingClientRect();
    const width = Math.min(16 * 16, window.innerWidth - 16);
    menu.style.top = `${anchor.bottom + 4}px`;
    menu.style.left = `${Math.max(8, Math.min(anchor.left, window.innerWidth - width - 8))}px`;
    menu.style.width = `${width}px`;
  }
}
