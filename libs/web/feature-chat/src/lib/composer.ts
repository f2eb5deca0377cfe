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
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { isBlankContent, LIMITS, type User } from '@pneumatic/contracts';
import { Uploads } from '@pneumatic/web/data-access';
import type { Quote } from './chat-view';
import { Drafts } from './drafts';
import { fileSize } from './file-size';
import { MentionSuggestions, MentionTyping } from './mention-suggestions';

/** Counted as the server counts: by characters (code points), not UTF-16 units. */
const characters = (text: string) => [...text].length;

/**
 * Writes a message: Enter sends, Shift+Enter starts a new line; the length limit shows as it nears. Up in an empty
 * composer asks to edit the user's last message (`editLast`). A reply shows what it answers above the field.
 */
@Component({
  selector: 'pc-composer',
  imports: [MentionSuggestions],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[class.dropping]': 'dropping()',
    '(dragover)': 'onDragOver($event)',
    '(dragleave)': 'dropping.set(false)',
    '(drop)': 'onDrop($event)',
  },
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
    @if (uploads().length > 0) {
      <ul class="uploads" aria-label="Attachments">
        @for (upload of uploads(); track upload.key) {
          <li [class.failed]="upload.status === 'failed'">
            <span class="name">{{ upload.filename }}</span>
            <span class="size">{{ size(upload.size) }}</span>
            @if (upload.status === 'uploading') {
              <progress max="1" [value]="upload.progress" [attr.aria-label]="'Uploading ' + upload.filename"></progress>
            } @else if (upload.status === 'failed') {
              <span class="error" role="alert">{{ upload.error }}</span>
            } @else {
              <span class="ready">Ready</span>
            }
            <button
              type="button"
              class="link cancel"
              [attr.aria-label]="(upload.status === 'uploading' ? 'Cancel upload of ' : 'Remove ') + upload.filename"
              (click)="cancelUpload(upload.key)"
            >
              ✕
            </button>
          </li>
        }
      </ul>
    }
    @if (mentions.suggestions().length > 0) {
      <pc-mention-suggestions [members]="mentions.suggestions()" [active]="mentions.active()" (pick)="mention($event)" />
    }
    <form (submit)="$event.preventDefault(); submit()">
      <button type="button" class="secondary attach" aria-label="Attach files" title="Attach files" (click)="picker.click()">📎</button>
      <input #picker type="file" multiple hidden data-testid="attach-input" (change)="picked(picker)" />
      <label for="composer-input" class="pc-visually-hidden">Message</label>
      <textarea
        #field
        id="composer-input"
        rows="1"
        placeholder="Write a message…"
        enterkeyhint="send"
        aria-describedby="composer-help composer-count"
        [attr.aria-invalid]="tooLong() ? 'true' : null"
        aria-autocomplete="list"
        [attr.aria-controls]="mentions.suggestions().length > 0 ? 'mention-suggestions' : null"
        [attr.aria-activedescendant]="mentions.suggestions().length > 0 ? 'mention-option-' + mentions.active() : null"
        [value]="text()"
        (input)="edit($any($event.target).value)"
        (click)="mentions.moved(field.selectionStart)"
        (keyup)="mentions.moved(field.selectionStart)"
        (keydown)="onKeydown($event)"
        (paste)="onPaste($event)"
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
    :host(.dropping) {
      outline: 2px dashed var(--pc-accent, currentColor);
      outline-offset: -4px;
    }
    .uploads {
      list-style: none;
      margin: 0 0 0.5rem;
      padding: 0;
      display: grid;
      gap: 0.25rem;
      font-size: 0.85rem;
    }
    .uploads li {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    .uploads .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      max-width: 40%;
    }
    .uploads .size,
    .uploads .ready {
      color: var(--pc-muted);
    }
    .uploads progress {
      flex: 1;
    }
    .uploads .error {
      flex: 1;
      color: var(--pc-danger);
    }
    .attach {
      min-height: 2.6rem;
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
  private readonly uploadsService = inject(Uploads);
  readonly conversationId = input.required<string>();
  /**
   * The text to send: within the limit, without leading blank lines or trailing white space; never blank unless files
   * are ready to go with it (the conversation takes them from Uploads).
   */
  readonly send = output<string>();
  /** At each change of the text: whether the user is writing something (the text is not blank). */
  readonly typing = output<boolean>();
  /** Up was pressed in the empty composer. */
  readonly editLast = output<void>();
  /** The message being answered: shown above the field until sent or cancelled (✕ or Escape). */
  readonly replyingTo = input<Quote | null>(null);
  readonly cancelReply = output<void>();
  /** Whom `@` can mention (the conversation's other members). */
  readonly members = input<readonly User[]>([]);

  private readonly field = viewChild.required<ElementRef<HTMLTextAreaElement>>('field');
  protected readonly text = linkedSignal(() => this.drafts.get(this.conversationId()));
  private readonly length = computed(() => characters(this.text()));
  protected readonly tooLong = computed(() => this.length() > LIMITS.contentMax);
  /** This conversation's files: uploading, ready to go with the next message, or failed (saying why). */
  protected readonly uploads = computed(() =>
    this.uploadsService.all().filter((upload) => upload.conversationId === this.conversationId()),
  );
  private readonly uploading = computed(() => this.uploads().some((upload) => upload.status === 'uploading'));
  private readonly ready = computed(() => this.uploads().some((upload) => upload.status === 'done'));
  protected readonly dropping = signal(false);
  protected readonly size = fileSize;
  protected readonly mentions = new MentionTyping(
    () => this.text(),
    () => this.members(),
  );
  /** Text, files or both; never while a file is still uploading (it would be left behind). */
  protected readonly canSend = computed(() => !this.tooLong() && !this.uploading() && (!isBlankContent(this.text()) || this.ready()));
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
    this.mentions.moved(this.field().nativeElement.selectionStart);
    this.text.set(value);
    this.drafts.set(this.conversationId(), value);
    this.typing.emit(!isBlankContent(value));
  }

  protected picked(input: HTMLInputElement): void {
    this.attach(Array.from(input.files ?? []));
    input.value = '';
  }

  /** A pasted screenshot or file is attached; pasted text is left to the text box. */
  protected onPaste(event: ClipboardEvent): void {
    const files = Array.from(event.clipboardData?.files ?? []);
    if (files.length === 0) return;
    event.preventDefault();
    this.attach(files);
  }

  protected onDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dropping.set(true);
  }

  protected onDrop(event: DragEvent): void {
    this.dropping.set(false);
    const files = Array.from(event.dataTransfer?.files ?? []);
    if (files.length === 0) return;
    event.preventDefault();
    this.attach(files);
  }

  protected cancelUpload(key: string): void {
    this.uploadsService.cancel(key);
  }

  private attach(files: File[]): void {
    if (files.length > 0) this.uploadsService.add(this.conversationId(), files);
    this.focus();
  }

  /** Puts `@username ` in place of what was typed after `@`, and the cursor after it. */
  protected mention(member: User): void {
    this.applyMention(this.mentions.complete(member));
  }

  private applyMention(done: { text: string; caret: number } | 'handled'): void {
    if (done === 'handled') return;
    const field = this.field().nativeElement;
    // Set here first, so Angular's binding of the same value leaves the cursor where it is put.
    field.value = done.text;
    field.setSelectionRange(done.caret, done.caret);
    this.edit(done.text);
    field.focus();
  }

  protected onKeydown(event: KeyboardEvent): void {
    const mentionKey = this.mentions.key(event);
    if (mentionKey !== null) {
      event.preventDefault();
      this.applyMention(mentionKey);
      return;
    }
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
