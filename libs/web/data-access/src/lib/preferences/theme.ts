import { DOCUMENT } from '@angular/common';
import { computed, DestroyRef, effect, inject, Injectable, signal } from '@angular/core';

export type ThemeChoice = 'light' | 'dark' | 'system';
export type Theme = 'light' | 'dark';

/** Where the choice is kept on this device (a preference, not a secret); `apps/web/public/theme.js` reads it too. */
export const THEME_STORAGE_KEY = 'pc-theme';
const CHOICES: readonly ThemeChoice[] = ['light', 'dark', 'system'];
/** The page background of each theme, for the browser's own chrome (`<meta name="theme-color">`). */
const BROWSER_CHROME: Record<Theme, string> = { light: '#ffffff', dark: '#15171c' };

/**
 * The colours this device shows: light, dark, or the system's (the default). `theme.js` themes the page before it is
 * first drawn; this keeps `<html data-theme>` right afterwards, when the user chooses, when the system's setting
 * changes, and when another tab chooses.
 */
@Injectable({ providedIn: 'root' })
export class ThemePreference {
  private readonly document = inject(DOCUMENT);
  private readonly window = this.document.defaultView;
  private readonly systemQuery = this.window?.matchMedia?.('(prefers-color-scheme: dark)');
  private readonly choiceState = signal<ThemeChoice>(this.stored());
  private readonly systemDark = signal(this.systemQuery?.matches ?? false);

  readonly choice = this.choiceState.asReadonly();
  readonly theme = computed<Theme>(() => {
    const choice = this.choiceState();
    if (choice !== 'system') return choice;
    return this.systemDark() ? 'dark' : 'light';
  });

  constructor() {
    const onSystemChange = (event: MediaQueryListEvent) => this.systemDark.set(event.matches);
    const onOtherTab = (event: StorageEvent) => event.key === THEME_STORAGE_KEY && this.choiceState.set(this.stored());
    this.systemQuery?.addEventListener('change', onSystemChange);
    this.window?.addEventListener('storage', onOtherTab);
    inject(DestroyRef).onDestroy(() => {
      this.systemQuery?.removeEventListener('change', onSystemChange);
      this.window?.removeEventListener('storage', onOtherTab);
    });
    effect(() => this.apply(this.theme()));
  }

  /** Applies the choice at once (not at the next change detection, when the menu that made it has already closed). */
  choose(choice: ThemeChoice): void {
    this.choiceState.set(choice);
    this.apply(this.theme());
    try {
      this.window?.localStorage.setItem(THEME_STORAGE_KEY, choice);
    } catch {
      // Storage refused (private mode, quota): the choice holds for this page only.
    }
  }

  private stored(): ThemeChoice {
    let value: string | null = null;
    try {
      value = this.window?.localStorage.getItem(THEME_STORAGE_KEY) ?? null;
    } catch {
      // Storage refused: the system's setting.
    }
    return CHOICES.find((choice) => choice === value) ?? 'system';
  }

  private apply(theme: Theme): void {
    const root = this.document.documentElement;
    root.dataset['theme'] = theme;
    root.style.colorScheme = theme;
    for (const meta of Array.from(this.document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]'))) {
      meta.content = BROWSER_CHROME[theme];
      meta.removeAttribute('media');
    }
  }
}
