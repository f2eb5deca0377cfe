import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** Round initials in a colour drawn from the seed; decorative (the name is always written beside it). */
@Component({
  selector: 'pc-avatar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'aria-hidden': 'true', '[class.small]': 'size() === "small"', '[style.--pc-avatar-hue]': 'hue()' },
  template: `{{ initials() }}`,
  styles: `
    :host {
      display: inline-grid;
      place-items: center;
      flex: none;
      width: 2.5rem;
      height: 2.5rem;
      border-radius: 50%;
      font-size: 0.95rem;
      font-weight: 600;
      color: hsl(var(--pc-avatar-hue) 45% 22%);
      background: hsl(var(--pc-avatar-hue) 65% 82%);
      user-select: none;
    }
    :host(.small) {
      width: 2rem;
      height: 2rem;
      font-size: 0.8rem;
    }
    @media (prefers-color-scheme: dark) {
      :host {
        color: hsl(var(--pc-avatar-hue) 70% 88%);
        background: hsl(var(--pc-avatar-hue) 35% 30%);
      }
    }
  `,
})
export class Avatar {
  readonly name = input.required<string>();
  /** Something stable (a user or conversation id) so a person keeps their colour. */
  readonly seed = input<string>('');
  readonly size = input<'normal' | 'small'>('normal');

  protected readonly initials = computed(() => {
    const words = this.name()
      .trim()
      .split(/[\s._-]+/)
      .filter(Boolean);
    const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
    return letters.map((word) => [...word][0]?.toUpperCase() ?? '').join('') || '?';
  });

  protected readonly hue = computed(() => {
    let hash = 0;
    for (const char of this.seed() || this.name()) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    return hash % 360;
  });
}
