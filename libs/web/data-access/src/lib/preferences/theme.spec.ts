import { TestBed } from '@angular/core/testing';
import { THEME_STORAGE_KEY, ThemePreference } from './theme';

/** A stand-in for `matchMedia('(prefers-color-scheme: dark)')` whose answer the test changes. */
function systemScheme(dark: boolean) {
  const listeners = new Set<(event: MediaQueryListEvent) => void>();
  const query = {
    matches: dark,
    addEventListener: (_: string, listener: (event: MediaQueryListEvent) => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: (event: MediaQueryListEvent) => void) => listeners.delete(listener),
  };
  window.matchMedia = jest.fn().mockReturnValue(query);
  return (nowDark: boolean) => {
    query.matches = nowDark;
    for (const listener of listeners) listener({ matches: nowDark } as MediaQueryListEvent);
  };
}

describe('ThemePreference', () => {
  const root = document.documentElement;

  beforeEach(() => {
    localStorage.clear();
    delete root.dataset['theme'];
    document.head.innerHTML = '<meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)">';
  });

  it('follows the system by default, and its changes while the page is open', () => {
    const systemTurns = systemScheme(true);
    const theme = TestBed.inject(ThemePreference);
    TestBed.tick();
    expect(theme.choice()).toBe('system');
    expect(root.dataset['theme']).toBe('dark');
    expect(root.style.colorScheme).toBe('dark');
    systemTurns(false);
    TestBed.tick();
    expect(root.dataset['theme']).toBe('light');
  });

  it('keeps a choice on this device, whatever the system says, and colours the browser chrome to match', () => {
    systemScheme(false);
    TestBed.inject(ThemePreference).choose('dark');
    TestBed.tick();
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(root.dataset['theme']).toBe('dark');
    const meta = document.querySelector('meta[name="theme-color"]');
    expect(meta?.getAttribute('content')).toBe('#15171c');
    expect(meta?.hasAttribute('media')).toBe(false);
  });

  it('applies a choice at once, before any change detection runs', () => {
    systemScheme(false);
    const theme = TestBed.inject(ThemePreference);
    TestBed.tick();
    theme.choose('dark');
    expect(root.dataset['theme']).toBe('dark');
    expect(root.style.colorScheme).toBe('dark');
  });

  it('starts from the stored choice, ignores a value it does not know, and follows another tab', () => {
    systemScheme(true);
    localStorage.setItem(THEME_STORAGE_KEY, 'light');
    const theme = TestBed.inject(ThemePreference);
    TestBed.tick();
    expect(root.dataset['theme']).toBe('light');

    localStorage.setItem(THEME_STORAGE_KEY, 'sepia');
    window.dispatchEvent(new StorageEvent('storage', { key: THEME_STORAGE_KEY }));
    TestBed.tick();
    expect(theme.choice()).toBe('system');
    expect(root.dataset['theme']).toBe('dark');
  });
});
