import { ChangeDetectionStrategy, Component, computed, effect, inject, input, model, signal } from '@angular/core';
import type { Message } from '@pneumatic/contracts';
import { displayName, MessageReactions, Session, UsersDirectory } from '@pneumatic/web/data-access';
import { EmojiPicker } from './emoji-picker';

interface Chip {
  readonly emoji: string;
  readonly count: number;
  readonly mine: boolean;
  /** "You, Alice and Bob" */
  readonly who: string;
}

const LONG_PRESS_MS = 500;

/**
 * The reactions under a message: a chip per emoji with its count (the user's own marked); a click adds or takes back
 * the user's reaction, and pointing at a chip — or pressing it long on a touch screen — shows who reacted. "Add a
 * reaction" (or the message's React action) opens the picker. The message as the server answers replaces the one held, so every device agrees.
 */
@Component({
  selector: 'pc-message-reactions',
  imports: [EmojiPicker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.empty]': 'chips().length === 0', '[class.picking]': 'picking()' },
  template: `
    @for (chip of chips(); track chip.emoji) {
      <button
        type="button"
        class="chip"
        [class.mine]="chip.mine"
        [attr.aria-pressed]="chip.mine"
        [attr.aria-label]="chip.emoji + ' ' + chip.count + ': ' + chip.who"
        [title]="chip.who"
        (click)="clicked(chip.emoji)"
        (pointerdown)="pressStart(chip.emoji)"
        (pointerup)="pressEnd()"
        (pointerleave)="pressEnd()"
        (contextmenu)="$event.preventDefault()"
      >
        <span class="emoji">{{ chip.emoji }}</span> {{ chip.count }}
      </button>
      @if (whoShown() === chip.emoji) {
        <span class="who" role="status">{{ chip.emoji }} {{ chip.who }}</span>
      }
    }
    <span class="add">
      <button
        type="button"
        class="chip add-button"
        aria-label="Add a reaction"
        title="Add a reaction"
        [attr.aria-expanded]="picking()"
        (click)="picking.set(!picking())"
      >
        <span aria-hidden="true">☺+</span>
      </button>
      @if (picking()) {
        <pc-emoji-picker (picked)="pick($event)" (closed)="picking.set(false)" />
      }
    </span>
    @if (error(); as error) {
      <span class="error" role="alert">{{ error }}</span>
    }
  `,
  styles: `
    /* Without reactions the row takes no room until the picker is opened (from the message's React action). */
    :host(.empty:not(.picking)) {
      display: none;
    }
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem;
      margin-top: 0.15rem;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 0.2rem;
      padding: 0 0.45rem;
      border: 1px solid var(--pc-border);
      border-radius: 999px;
      background: var(--pc-surface);
      color: inherit;
      font-size: 0.8rem;
      line-height: 1.6;
      cursor: pointer;
      user-select: none;
      -webkit-touch-callout: none;
    }
    .chip.mine {
      border-color: var(--pc-accent);
      background: color-mix(in oklch, var(--pc-accent) 15%, var(--pc-surface));
    }
    .emoji {
      font-size: 1rem;
    }
    .add {
      position: relative;
    }
    /* Like Edit and Delete: offered when the message is pointed at or has the focus, always on touch screens. */
    .add-button {
      opacity: 0;
      color: var(--pc-muted);
    }
    :host-context(li:hover) .add-button,
    :host-context(li:focus-within) .add-button,
    .add-button[aria-expanded='true'] {
      opacity: 1;
    }
    @media (hover: none) {
      .add-button {
        opacity: 1;
      }
    }
    .who {
      font-size: 0.75rem;
      color: var(--pc-muted);
    }
    .error {
      font-size: 0.75rem;
      color: var(--pc-danger);
    }
  `,
})
export class MessageReactionsRow {
  private readonly reactions = inject(MessageReactions);
  private readonly directory = inject(UsersDirectory);
  private readonly session = inject(Session);
  readonly message = input.required<Message>();
  /** The picker is open (the message's React action opens it too). */
  readonly picking = model(false);
  protected readonly error = signal<string | null>(null);
  /** The chip whose people are written out (a long press on a touch screen). */
  protected readonly whoShown = signal<string | null>(null);
  private pressTimer: ReturnType<typeof setTimeout> | null = null;
  private longPressed = false;

  protected readonly chips = computed<readonly Chip[]>(() => {
    const selfId = this.session.user()?.id ?? '';
    const users = this.directory.byId();
    return this.message().reactions.map((reaction) => {
      const names = reaction.user_ids.map((id) => (id === selfId ? 'You' : displayName(users.get(id))));
      return { emoji: reaction.emoji, count: reaction.count, mine: reaction.user_ids.includes(selfId), who: listed(names) };
    });
  });

  constructor() {
    effect(() => this.directory.resolve(this.message().reactions.flatMap((reaction) => reaction.user_ids)));
  }

  protected async pick(emoji: string): Promise<void> {
    this.picking.set(false);
    if (this.reactions.mine(this.message(), emoji)) return;
    await this.toggle(emoji);
  }

  protected clicked(emoji: string): void {
    if (this.longPressed) {
      this.longPressed = false;
      return;
    }
    void this.toggle(emoji);
  }

  protected pressStart(emoji: string): void {
    this.pressEnd();
    this.pressTimer = setTimeout(() => {
      this.longPressed = true;
      this.whoShown.set(this.whoShown() === emoji ? null : emoji);
    }, LONG_PRESS_MS);
  }

  protected pressEnd(): void {
    if (this.pressTimer) clearTimeout(this.pressTimer);
    this.pressTimer = null;
  }

  private async toggle(emoji: string): Promise<void> {
    this.error.set(await this.reactions.toggle(this.message(), emoji));
  }
}

/** "You", "You and Alice", "You, Alice and Bob". */
function listed(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
