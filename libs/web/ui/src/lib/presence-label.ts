import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, signal } from '@angular/core';
import { formatFull, formatLastSeen } from './time-format';

/** "last seen" is written again this often, so "just now" does not stay on screen for an hour. */
const REFRESH_MS = 30_000;

/** "Online", "last seen 5 min ago" (in the reader's locale) or "Offline" for a person. */
@Component({
  selector: 'pc-presence-label',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.online]': 'online()', '[attr.title]': 'title()' },
  template: `{{ label() }}`,
  styles: `
    :host(.online) {
      color: var(--pc-ok);
    }
  `,
})
export class PresenceLabel {
  readonly online = input(false);
  /** ISO time the person's last device left; null when never seen (or unknown). */
  readonly lastSeen = input<string | null>(null);
  private readonly now = signal(new Date());

  protected readonly label = computed(() => {
    if (this.online()) return 'Online';
    const lastSeen = this.lastSeen();
    return lastSeen ? formatLastSeen(lastSeen, this.now()) : 'Offline';
  });
  protected readonly title = computed(() => {
    const lastSeen = this.lastSeen();
    return !this.online() && lastSeen ? formatFull(lastSeen) : null;
  });

  constructor() {
    const timer = setInterval(() => this.now.set(new Date()), REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
