import { DOCUMENT } from '@angular/common';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  linkedSignal,
  output,
  untracked,
  viewChild,
} from '@angular/core';
import { isBlankContent, LIMITS } from '@pneumatic/contracts';
import type { Quote } from './chat-view';
import { Drafts } from './drafts';

/** Counted as the server counts: by characters (code points), not UTF-16 units. */
const characters = (text: string) => [...text].length;

/**
 * Writes a message: Enter sends, Shift+Enter starts a new line; the length limit shows as it nears. Up in an empty
 * composer asks to edit the user's last message (`editLast`). A reply shows what it answers above the field.
 */
@Component({
  selector: 'pc-composer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (replyingTo(); as quote) {
      <div class="replying" role="group" aria-label="Replying">
        <span class="what"
          >Replying to <strong>{{ quote.sender }}</strong
          >: <span class="excerpt">{{ quote.deleted ? 'a deleted message' : quote.excerpt }}</span></span
        >
        <button type="button" class="link" aria-label="Cancel the reply" title="Cancel the reply (Escape)" (click)="cancelReply.emit()">
          ✕
        </button>
      </div>
    }
    <form (submit)="$event.preventDefault(); submit()">
      <label for="composer-input" class="pc-visually-hidden">Message</label>
      <textarea
        #field
        id="composer-input"
        rows="1"
        placeholder="Write a message…"
        enterkeyhint="send"
        aria-describedby="composer-help composer-count"
        [attr.aria-invalid]="tooLong() ? 'true' : null"
        [value]="text()"
        (input)="edit($any($event.target).value)"
        (keydown)="onKeydown($event)"
      ></textarea>
      <button type="submit" class="primary" [disabled]="!canSend()">Send</button>
    </form>
    <p class="help" [class.counting]="counter() !== ''">
      <span id="composer-help">Enter to send · Shift+Enter for a new line</span>
      <span id="composer-count" [class.over]="tooLong()">{{ counter() }}</span>
    </p>
  `,
  styles: `
    :host {
      display: block;
      padding: 0.5rem 0.75rem calc(0.5rem + env(safe-area-inset-bottom));
      border-top: 1px solid var(--pc-border);
      background: var(--pc-bg);
    }
    .replying {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin-bottom: 0.35rem;
      padding: 0.25rem 0.5rem;
      border-left: 3px solid var(--pc-accent);
      background: var(--pc-surface-2);
      font-size: 0.8rem;
    }
    .what {
      flex: 1;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .excerpt {
      color: var(--pc-muted);
    }
    form {
      display: flex;
      align-items: flex-end;
      gap: 0.5rem;
    }
    textarea {
      flex: 1;
      min-height: 2.6rem;
      max-height: 10rem;
      resize: none;
      field-sizing: content;
    }
    .help {
      display: flex;
      justify-content: space-between;
      gap: 1rem;
      margin: 0.25rem 0 0;
      font-size: 0.75rem;
      color: var(--pc-muted);
    }
    #composer-count {
      margin-inline-start: auto;
      white-space: nowrap;
    }
    .over {
      color: var(--pc-danger);
      font-weight: 600;
    }
    /* A phone has no keyboard to give hints about, and no room to spare: the line shows only to count. */
    @media (max-width: 47.99rem) {
      #composer-help {
        display: none;
      }
      .help:not(.counting) {
        display: none;
      }
    }
  `,
})
export class Composer {
  private readonly drafts = inject(Drafts);
  readonly conversationId = input.required<string>();
  /** The text to send: never blank, within the limit, without leading blank lines or trailing white space. */
  readonly send = output<string>();
  /** At each change of the text: whether the user is writing something (the text is not blank). */
  readonly typing = output<boolean>();
  /** Up was pressed in the empty composer. */
  readonly editLast = output<void>();
  /** The message being answered: shown above the field until sent or cancelled (✕ or Escape). */
  readonly replyingTo = input<Quote | null>(null);
  readonly cancelReply = output<void>();

  private readonly field = viewChild.required<ElementRef<HTMLTextAreaElement>>('field');
  protected readonly text = linkedSignal(() => this.drafts.get(this.conversationId()));
  private readonly length = computed(() => characters(this.text()));
  protected readonly tooLong = computed(() => this.length() > LIMITS.contentMax);
  protected readonly canSend = computed(() => !this.tooLong() && !isBlankContent(this.text()));
  protected readonly counter = computed(() => {
    const length = this.length();
    if (length > LIMITS.contentMax) return `${length - LIMITS.contentMax} characters too long`;
    return length >= LIMITS.contentMax * 0.8 ? `${length} / ${LIMITS.contentMax}` : '';
  });

  constructor() {
    // Opening a conversation puts the cursor in its composer, where a keyboard and a mouse both want it; not on
    // a touch screen, where focusing would throw the on-screen keyboard over the history.
    const injector = inject(Injector);
    const precisePointer = inject(DOCUMENT).defaultView?.matchMedia?.('(hover: hover) and (pointer: fine)');
    effect(() => {
      this.conversationId();
      untracked(() => afterNextRender(() => precisePointer?.matches && this.focus(), { injector }));
    });
  }

  focus(): void {
    this.field().nativeElement.focus();
  }

  protected edit(value: string): void {
    this.text.set(value);
    this.drafts.set(this.conversationId(), value);
    this.typing.emit(!isBlankContent(value));
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.replyingTo()) {
      event.preventDefault();
      this.cancelReply.emit();
      return;
    }
    if (event.key === 'ArrowUp' && this.text() === '' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.editLast.emit();
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.submit();
  }

  protected submit(): void {
    if (!this.canSend()) return;
    // Blank lines before and white space after the text are slips of the keyboard, not content.
    this.send.emit(
      this.text()
        .replace(/^(?:[^\S\n]*\n)+/, '')
        .trimEnd(),
    );
    this.edit('');
    this.focus();
  }
}
