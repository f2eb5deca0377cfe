import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, ElementRef, inject, signal, viewChild } from '@angular/core';
import { Router } from '@angular/router';
import { LIMITS, type SearchResult, type User } from '@pneumatic/contracts';
import { ChatStore, describeError, displayName, SearchApi, Session, UsersDirectory } from '@pneumatic/web/data-access';
import { ListTimePipe } from '@pneumatic/web/ui';
import { firstValueFrom } from 'rxjs';
import { SearchLauncher } from './search-launcher';
import { groupResults, senderSuggestions, type SearchHit, typedSender, withSender } from './search-view';

/** How long typing pauses before the search runs. */
const TYPING_PAUSE_MS = 250;

/**
 * The search box (SPEC 10.5): words, "phrases" and `from:` (with the people suggested as the name is typed), results
 * grouped by conversation with the matched words marked — as text, from the API's ranges, never as HTML. Choosing a
 * result opens its conversation at that message, with the messages around it.
 */
@Component({
  selector: 'pc-search-dialog',
  imports: [ListTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './search-dialog.html',
  styleUrl: './search-dialog.css',
})
export class SearchDialog {
  protected readonly launcher = inject(SearchLauncher);
  private readonly api = inject(SearchApi);
  private readonly store = inject(ChatStore);
  private readonly session = inject(Session);
  private readonly directory = inject(UsersDirectory);
  private readonly router = inject(Router);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly input = viewChild.required<ElementRef<HTMLInputElement>>('input');

  protected readonly query = signal('');
  protected readonly status = signal<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  protected readonly error = signal('');
  private readonly results = signal<readonly SearchResult[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly suggestionIndex = signal(0);
  protected readonly displayName = displayName;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Answers to an earlier query never land over a later one. */
  private request = 0;
  /** The query of the results shown: the same query is not asked again (searches count against the rate limit). */
  private shown: string | null = null;

  private readonly selfId = computed(() => this.session.user()?.id ?? '');
  protected readonly groups = computed(() => {
    const conversations = new Map(this.store.conversations().map((conversation) => [conversation.id, conversation]));
    return groupResults(this.results(), conversations, this.directory.byId(), this.selfId());
  });
  protected readonly suggestions = computed(() => {
    const typed = typedSender(this.query());
    if (typed === null) return [];
    const self = this.session.user();
    return senderSuggestions(typed, [...(self ? [self] : []), ...this.directory.byId().values()]);
  });

  constructor() {
    effect(() => {
      const dialog = this.dialog().nativeElement;
      if (this.launcher.open() && !dialog.open) {
        dialog.showModal();
        this.input().nativeElement.select();
      }
      if (!this.launcher.open() && dialog.open) dialog.close();
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  protected typed(event: Event): void {
    this.query.set((event.target as HTMLInputElement).value);
    this.suggestionIndex.set(0);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search({ typing: true }), TYPING_PAUSE_MS);
  }

  protected keys(event: KeyboardEvent): void {
    const suggestions = this.suggestions();
    if (suggestions.length > 0 && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.suggestionIndex.update((i) => (i + step + suggestions.length) % suggestions.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = suggestions[this.suggestionIndex()];
      if (chosen) this.choose(chosen);
      else void this.search({ typing: false });
    }
  }

  protected choose(user: User): void {
    this.query.set(withSender(this.query(), user.username));
    this.input().nativeElement.value = this.query();
    this.input().nativeElement.focus();
    void this.search({ typing: false });
  }

  protected jump(hit: SearchHit): void {
    this.launcher.open.set(false);
    void this.router.navigate(['/chat', hit.conversationId], { queryParams: { at: hit.seq } });
  }

  protected more(): void {
    const cursor = this.nextCursor();
    if (cursor) void this.search({ typing: false, cursor });
  }

  /**
   * Runs the query (`cursor`: its next page). While a `from:` name is being typed (`typing`), only the people are
   * looked up: the messages are searched once a name is chosen, or on Enter.
   */
  private async search({ typing, cursor }: { typing: boolean; cursor?: string }): Promise<void> {
    clearTimeout(this.timer);
    const q = this.query().trim();
    const typed = typedSender(this.query());
    // People not met yet can be suggested too: ask the server for the name being typed.
    if (typed !== null) void firstValueFrom(this.directory.search(typed)).catch(() => undefined);
    if (typing && (typed !== null || q === this.shown)) return;
    const request = ++this.request;
    if (!q || [...q].length > LIMITS.searchQueryMax) {
      this.results.set([]);
      this.nextCursor.set(null);
      this.status.set('idle');
      this.shown = null;
      return;
    }
    this.status.set('loading');
    try {
      const page = await firstValueFrom(this.api.messages({ q, limit: LIMITS.searchPageDefault, ...(cursor ? { cursor } : {}) }));
      if (request !== this.request) return;
      this.directory.resolve(page.results.map((result) => result.message.sender_id));
      this.results.update((held) => (cursor ? [...held, ...page.results] : page.results));
      this.nextCursor.set(page.next_cursor);
      this.status.set('ready');
      this.shown = q;
    } catch (error) {
      if (request !== this.request) return;
      this.error.set(describeError(error));
      this.status.set('failed');
    }
  }
}
