import {
  afterNextRender,
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import type { Attachment, Message } from '@pneumatic/contracts';
import { Avatar, DaySeparator, MessageBubble } from '@pneumatic/web/ui';
import { AttachmentList } from './attachment-list';
import type { TimelineEntry } from './chat-view';
import { ImageViewer } from './image-viewer';
import { MessageEditor } from './message-editor';
import { MessageHtmlPipe } from './message-markdown';
import { MessageReactionsRow } from './message-reactions';
import { ScreenWatch, WatchedRow } from './screen-watch';
import { ScrollKeeper } from './scroll-keeper';
import { watchEdge } from './history-edges';

/** Where the view is to be placed once the history it needs is rendered (`focus`: at the message of `focusSeq`). */
type Placement = 'open' | 'latest' | 'first-unread' | 'focus';

/**
 * The history of one conversation, newest at the bottom, in a reversed column (the browser keeps the newest end still
 * as messages arrive; `ScrollKeeper` keeps the reader's place otherwise). A conversation opens at the "New messages"
 * line when it has unread messages, else at its newest; with `focusSeq` (a search result), at that message, marked.
 * Nearing either end of what is held fetches the next page (the buttons do the same for keyboard users). It reports the highest seq on screen (`visibleSeq`), which is what the
 * reader has read — only once the view is placed, so nothing counts as seen on the way there.
 */
@Component({
  selector: 'pc-message-list',
  imports: [Avatar, AttachmentList, DaySeparator, ImageViewer, MessageBubble, MessageEditor, MessageHtmlPipe, MessageReactionsRow, WatchedRow],
  providers: [ScreenWatch],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './message-list.html',
  styleUrl: './message-list.css',
})
export class MessageList {
  /** The image shown full size, if any. */
  protected readonly viewing = signal<Attachment | null>(null);
  /** Which conversation is shown: a new one is placed afresh. */
  readonly conversationId = input.required<string>();
  readonly entries = input.required<readonly TimelineEntry[]>();
  readonly hasOlder = input(false);
  readonly hasNewer = input(false);
  readonly loaded = input(false);
  /** A new window of history is being fetched (opening, a jump). */
  readonly loading = input(false);
  readonly loadingOlder = input(false);
  readonly loadingNewer = input(false);
  /** The seq before which the "New messages" line goes (null: nothing was unread). */
  readonly firstUnreadSeq = input<number | null>(null);
  /** A message to show in the middle of the view, marked (a search result jumped to); null: none. */
  readonly focusSeq = input<number | null>(null);
  readonly loadOlder = output<void>();
  readonly loadNewer = output<void>();
  readonly retry = output<string>();
  readonly discard = output<string>();
  /** The highest seq on screen, each time it changes once the view is placed. */
  readonly visibleSeq = output<number>();
  /** The newest messages are not held: fetch them (the view goes there once they are rendered). */
  readonly jumpToLatest = output<void>();
  /** The first unread message is not held: fetch its window (the view goes there once it is rendered). */
  readonly jumpToFirstUnread = output<void>();
  /** The message being edited in place (its id), if any. */
  readonly editingId = input<string | null>(null);
  /** The reader is an admin of the group: they may delete anyone's message. */
  readonly moderator = input(false);
  readonly edit = output<Message>();
  readonly editDone = output<void>();
  readonly delete = output<Message>();
  readonly revisions = output<Message>();
  readonly reply = output<Message>();
  /** The message whose reaction picker is open, if any: one at a time. */
  protected readonly pickerFor = signal<string | null>(null);
  /** A quote was clicked: the message of this seq is wanted on screen (see `reveal`). */
  readonly showQuoted = output<number>();

  private readonly watch = inject(ScreenWatch);
  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private readonly olderButton = viewChild<ElementRef<HTMLElement>>('older');
  private readonly newerButton = viewChild<ElementRef<HTMLElement>>('newer');
  private keeper: ScrollKeeper | null = null;
  private placement: Placement | null = 'open';
  /** At the newest end of a window that reaches the newest: new messages are followed, not held still. */
  private following = true;
  private readonly placed = signal(false);
  private readonly farFromLatest = signal(false);

  protected readonly showJumpToLatest = computed(() => this.placed() && (this.hasNewer() || this.farFromLatest()));
  protected readonly showJumpToFirstUnread = computed(() => {
    const seq = this.firstUnreadSeq();
    if (!this.placed() || seq === null) return false;
    if (this.watch.dividerPosition() === 'above') return true;
    const first = this.entries().find((entry) => entry.seq !== null)?.seq ?? null;
    return this.watch.dividerPosition() === 'absent' && first !== null && seq < first;
  });

  constructor() {
    effect(() => {
      this.conversationId();
      untracked(() => this.placeAgain(this.focusSeq() === null ? 'open' : 'focus'));
    });
    effect(() => {
      if (this.focusSeq() !== null) untracked(() => this.placeAgain('focus'));
    });
    effect(() => {
      const seq = this.watch.highestSeq();
      if (this.placed()) untracked(() => this.visibleSeq.emit(seq));
    });
    watchEdge(
      this.olderButton,
      this.scroller,
      'top',
      () => this.placed() && !this.loadingOlder(),
      () => this.loadOlder.emit(),
    );
    watchEdge(
      this.newerButton,
      this.scroller,
      'bottom',
      () => this.placed() && !this.loadingNewer(),
      () => this.loadNewer.emit(),
    );
    afterNextRender(() => {
      this.keeper = new ScrollKeeper(this.scroller().nativeElement);
      this.watch.attach(this.scroller().nativeElement);
    });
    afterRenderEffect(() => {
      this.entries();
      this.loaded();
      this.loading();
      this.hasNewer();
      // A jump to a message already held changes nothing else: it is placed all the same.
      this.focusSeq();
      untracked(() => this.afterRender());
    });
  }

  /** Shows the newest messages: scrolls there, or first fetches them when the window held ends before them. */
  showLatest(): void {
    if (!this.hasNewer()) return this.keeper?.scrollToLatest('smooth');
    this.placeAgain('latest');
    this.jumpToLatest.emit();
  }

  /** Scrolls the message of `seq` into the middle of the view and highlights it a moment; false when it is not held. */
  reveal(seq: number): boolean {
    const row = this.scroller().nativeElement.querySelector<HTMLElement>(`li.message[data-seq="${seq}"]`);
    if (!row) return false;
    row.scrollIntoView({ block: 'center', behavior: 'smooth' });
    row.classList.remove('highlighted');
    void row.offsetWidth; // restarts the animation when the same message is revealed twice
    row.classList.add('highlighted');
    return true;
  }

  protected showFirstUnread(): void {
    const divider = this.divider();
    if (divider) return this.keeper?.placeAtTop(divider, 'smooth');
    this.placeAgain('first-unread');
    this.jumpToFirstUnread.emit();
  }

  protected onScroll(): void {
    this.keeper?.record();
    this.following = (this.keeper?.atLatest() ?? true) && !this.hasNewer();
    this.farFromLatest.set(this.keeper?.farFromLatest() ?? false);
  }

  private placeAgain(placement: Placement): void {
    this.placement = placement;
    this.placed.set(false);
  }

  private divider(): HTMLElement | null {
    return this.scroller().nativeElement.querySelector<HTMLElement>('.unread-divider');
  }

  private afterRender(): void {
    const keeper = this.keeper;
    if (!keeper) return;
    if (this.placement) {
      if (!this.place(keeper, this.placement)) return;
      this.placement = null;
      this.watch.refresh();
      this.placed.set(true);
    } else if (!this.following) keeper.restore();
    this.onScroll();
  }

  /** Places the view; false while what it needs is not rendered yet. */
  private place(keeper: ScrollKeeper, placement: Placement): boolean {
    if (!this.loaded() || this.loading()) return false;
    if (placement === 'focus') {
      const row = this.scroller().nativeElement.querySelector<HTMLElement>(`.message[data-seq="${this.focusSeq()}"]`);
      if (row) keeper.placeInMiddle(row);
      return row !== null;
    }
    const divider = this.divider();
    if (placement === 'latest' && this.hasNewer()) return false;
    if (placement === 'first-unread' && !divider) return false;
    if (divider && placement !== 'latest') keeper.placeAtTop(divider);
    else keeper.scrollToLatest('instant');
    return true;
  }
}
