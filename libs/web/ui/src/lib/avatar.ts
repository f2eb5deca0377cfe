import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { personHue } from './person-colour';

/**
 * Round initials in the colour of a person (a group: a rounded square in its own colour); decorative, as the name is
 * always written beside it. With `online`, a green dot in the corner says the person is online, in words too for
 * screen readers.
 */
@Component({
  selector: 'pc-avatar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[class.small]': 'size() === "small"',
    '[class.group]': 'group()',
    '[style.--pc-person-hue]': 'hue()',
    '[attr.data-person]': 'seed()',
  },
  template: `
    @if (image(); as src) {
      <img [src]="src" alt="" (error)="broken.set(src)" [hidden]="broken() === src" />
    }
    @if (!image() || broken() === image()) {
      <span aria-hidden="true">{{ initials() }}</span>
    }
    @if (online()) {
      <span class="presence" role="img" aria-label="Online"></span>
    }
  `,
  styles: `
    :host {
      position: relative;
      display: inline-grid;
      place-items: center;
      flex: none;
      width: 2.5rem;
      height: 2.5rem;
      border-radius: 50%;
      font-size: 0.95rem;
      font-weight: 600;
      color: oklch(var(--pc-person-avatar-text) var(--pc-person-hue));
      background: oklch(var(--pc-person-avatar) var(--pc-person-hue));
      user-select: none;
    }
    :host(.group) {
      border-radius: 30%;
    }
    :host(.small) {
      width: 2rem;
      height: 2rem;
      font-size: 0.8rem;
    }
    img {
      width: 100%;
      height: 100%;
      border-radius: inherit;
      object-fit: cover;
    }
    .presence {
      position: absolute;
      right: -0.1rem;
      bottom: -0.1rem;
      width: 0.8rem;
      height: 0.8rem;
      border: 2px solid var(--pc-surface);
      border-radius: 50%;
      background: var(--pc-ok);
    }
    :host(.small) .presence {
      width: 0.7rem;
      height: 0.7rem;
    }
  `,
})
export class Avatar {
  readonly name = input.required<string>();
  /** The person's id (a group's: the conversation id), so they have one colour everywhere. */
  readonly seed = input<string>('');
  readonly size = input<'normal' | 'small'>('normal');
  /** A group rather than a person: drawn as a rounded square. */
  readonly group = input(false);
  /** Shows the online dot. */
  readonly online = input(false);
  /** The person's picture (their `avatar_url`); the initials stand in without one, or when it fails to load. */
  readonly image = input<string | null | undefined>(null);
  protected readonly broken = signal<string | null>(null);

  protected readonly initials = computed(() => {
    const words = this.name()
      .trim()
      .split(/[\s._-]+/)
      .filter(Boolean);
    const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
    return letters.map((word) => [...word][0]?.toUpperCase() ?? '').join('') || '?';
  });

  protected readonly hue = computed(() => personHue(this.seed() || this.name()));
}
