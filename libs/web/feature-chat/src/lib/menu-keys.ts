/** The items of a menu, in order: what the arrow keys move between. */
const ITEMS = '[role="menuitem"], [role="menuitemradio"], [role="menuitemcheckbox"]';

/**
 * The keyboard of a WAI-ARIA menu: one item focused at a time (roving tabindex), ArrowDown / ArrowUp to the next and
 * previous (wrapping), Home / End to the first and last, a letter to the next item starting with it, Tab to leave it
 * (closing it). Escape is the popover's own.
 */
export class MenuKeys {
  constructor(
    private readonly menu: () => HTMLElement,
    private readonly close: () => void,
  ) {}

  focus(which: 'first' | 'last' | 'checked'): void {
    const items = this.items();
    const checked = items.find((item) => item.getAttribute('aria-checked') === 'true');
    const target = which === 'last' ? items.at(-1) : which === 'checked' && checked ? checked : items[0];
    target?.focus();
  }

  onKeydown(event: KeyboardEvent): void {
    const items = this.items();
    const index = items.indexOf(event.target as HTMLElement);
    let next: number | null = null;
    if (event.key === 'ArrowDown') next = (index + 1) % items.length;
    else if (event.key === 'ArrowUp') next = (index - 1 + items.length) % items.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    else if (event.key === 'Tab') return this.close();
    else if (event.key.length === 1 && /\S/.test(event.key)) {
      const letter = event.key.toLowerCase();
      const order = [...items.slice(index + 1), ...items.slice(0, index + 1)];
      const match = order.find((item) => item.textContent?.trim().toLowerCase().startsWith(letter));
      next = match ? items.indexOf(match) : null;
    }
    if (next === null) return;
    event.preventDefault();
    items[next]?.focus();
  }

  private items(): HTMLElement[] {
    return Array.from(this.menu().querySelectorAll<HTMLElement>(ITEMS));
  }
}
