import { afterNextRender, ChangeDetectionStrategy, Component, ElementRef, output, signal, viewChild } from '@angular/core';
import { emojiCatalog, EmojiEntry, FREQUENT_EMOJI, searchEmoji } from './emoji-catalog';

/**
 * A small popover to pick a reaction: the frequent ones first, and a search over the whole emoji set (loaded on the
 * first keystroke). Escape or a click on the backdrop closes it; the search field has the focus when it opens.
 */
@Component({
  selector: 'pc-emoji-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'dialog', 'aria-label': 'Add a reaction', '(keydown.escape)': 'closed.emit()' },
  template: `
    <input #search type="search" placeholder="Search emoji" aria-label="Search emoji" autocomplete="off" (input)="find(search.value)" />
    @if (error(); as error) {
      <p class="note" role="alert">{{ error }}</p>
    } @else if (loading()) {
      <p class="note">Loading emoji…</p>
    } @else if (shown().length === 0) {
      <p class="note">No emoji match “{{ query() }}”.</p>
    }
    <div class="grid">
      @for (entry of shown(); track entry.emoji) {
        <button type="button" class="emoji" [title]="entry.label" [attr.aria-label]="entry.label" (click)="picked.emit(entry.emoji)">
          {{ entry.emoji }}
        </button>
      }
    </div>
  `,
  styles: `
    :host {
      position: absolute;
      z-index: 5;
      bottom: 100%;
      display: flex;
      flex-direction: column;
      gap: 0.4rem;
      width: min(18rem, 80vw);
      padding: 0.5rem;
      border: 1px solid var(--pc-border);
      border-radius: var(--pc-radius);
      background: var(--pc-surface);
      box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.2);
    }
    input {
      width: 100%;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(8, 1fr);
      max-height: 12rem;
      overflow-y: auto;
    }
    .emoji {
      padding: 0.15rem;
      border: 0;
      border-radius: 0.3rem;
      background: none;
      font-size: 1.3rem;
      line-height: 1.4;
      cursor: pointer;
    }
    .emoji:hover,
    .emoji:focus-visible {
      background: var(--pc-surface-2);
    }
    .note {
      margin: 0;
      font-size: 0.8rem;
      color: var(--pc-muted);
    }
  `,
})
export class EmojiPicker {
  readonly picked = output<string>();
  readonly closed = output<void>();
  protected readonly query = signal('');
  protected readonly shown = signal<readonly EmojiEntry[]>(FREQUENT_EMOJI);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly search = viewChild.required<ElementRef<HTMLInputElement>>('search');

  constructor() {
    afterNextRender(() => this.search().nativeElement.focus());
  }

  protected async find(query: string): Promise<void> {
    this.query.set(query);
    if (!query.trim()) return this.shown.set(FREQUENT_EMOJI);
    this.loading.set(true);
    try {
      const entries = await emojiCatalog();
      // A later keystroke may have answered first: only the current query's results are shown.
      if (this.query() === query) this.shown.set(searchEmoji(entries, query));
      this.error.set(null);
    } catch {
      this.error.set('The emoji list could not be loaded; check the connection and type again.');
    } finally {
      this.loading.set(false);
    }
  }
}
