import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { Message } from '@pneumatic/contracts';
import { DaySeparator, MessageBubble } from '@pneumatic/web/ui';
import type { TimelineEntry } from './chat-view';
import { MessageEditor } from './message-editor';

/**
 * The history of one conversation, newest at the bottom. The scroller is a reversed flex column, so the browser
 * keeps the view pinned to the newest message as messages arrive, and keeps it still when older pages are put
 * on top. Reaching the top loads the next older page (the button does the same for keyboard users). It tells
 * whether the newest messages are in view (`viewingLatest`): only then do they count as read.
 */
@Component({
  selector: 'pc-message-list',
  imports: [DaySeparator, MessageBubble, MessageEditor],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="scroller" #scroller role="region" tabindex="0" aria-label="Message history" (scroll)="onScroll()">
      <div class="content">
        @if (hasOlder()) {
          <button #older type="button" class="link older" [disabled]="loading()" (click)="loadOlder.emit()">
            {{ loading() ? 'Loading older messages…' : 'Load older messages' }}
          </button>
        } @else if (loaded()) {
          <p class="start">{{ entries().length ? 'This is the beginning of the conversation.' : 'No messages yet. Say hello!' }}</p>
        } @else {
          <p class="start">Loading messages…</p>
        }
        <div role="log" aria-label="Messages">
          <ol>
            @for (entry of entries(); track entry.key) {
              @if (entry.newDay) {
                <li class="day"><pc-day-separator [date]="entry.time" /></li>
              }
              <li [class.run]="!entry.showSender && !entry.own">
                @if (entry.stored && entry.stored.id === editingId()) {
                  <pc-message-editor [message]="entry.stored" (done)="editDone.emit()" />
                } @else {
                  <pc-message-bubble
                    [content]="entry.content"
                    [sender]="entry.sender"
                    [showSender]="entry.showSender"
                    [time]="entry.time"
                    [own]="entry.own"
                    [state]="entry.state"
                    [error]="entry.error"
                    [edited]="entry.edited"
                    [deleted]="entry.deleted"
                    [editable]="entry.own && entry.stored !== null"
                    (retry)="retry.emit(entry.messageId)"
                    (discard)="discard.emit(entry.messageId)"
                    (edit)="entry.stored && edit.emit(entry.stored)"
                    (delete)="entry.stored && delete.emit(entry.stored)"
                    (revisions)="entry.stored && revisions.emit(entry.stored)"
                  />
                }
              </li>
            }
          </ol>
        </div>
        <div #latest class="latest" aria-hidden="true"></div>
      </div>
    </div>
    @if (awayFromLatest()) {
      <button type="button" class="secondary jump" (click)="scrollToLatest()">Jump to latest ↓</button>
    }
  `,
  styles: `
    :host {
      position: relative;
      display: flex;
      flex: 1;
      min-height: 0;
    }
    .scroller {
      display: flex;
      flex-direction: column-reverse;
      flex: 1;
      overflow-y: auto;
      overscroll-behavior: contain;
      padding: 0.5rem 0.75rem;
    }
    .scroller:focus-visible {
      outline-offset: -3px;
    }
    ol {
      display: flex;
      flex-direction: column;
      gap: 0.35rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li.run {
      margin-top: -0.2rem;
    }
    .older,
    .start {
      display: block;
      margin: 0.5rem auto;
      font-size: 0.85rem;
      color: var(--pc-muted);
      text-align: center;
    }
    .latest {
      height: 1px;
    }
    .jump {
      position: absolute;
      right: 1rem;
      bottom: 0.75rem;
      box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.2);
    }
  `,
})
export class MessageList {
  readonly entries = input.required<readonly TimelineEntry[]>();
  readonly hasOlder = input(false);
  readonly loading = input(false);
  readonly loaded = input(false);
  readonly loadOlder = output<void>();
  readonly retry = output<string>();
  readonly discard = output<string>();
  /** The message being edited in place (its id), if any. */
  readonly editingId = input<string | null>(null);
  readonly edit = output<Message>();
  readonly editDone = output<void>();
  readonly delete = output<Message>();
  readonly revisions = output<Message>();
  /** Whether the newest messages are scrolled into view (emitted when it changes). */
  readonly viewingLatest = output<boolean>();

  protected readonly awayFromLatest = signal(false);
  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private readonly olderButton = viewChild<ElementRef<HTMLElement>>('older');
  private readonly latest = viewChild.required<ElementRef<HTMLElement>>('latest');

  constructor() {
    // Watch the "older" button: when it scrolls into view (or is still in view after a page), load more.
    effect((onCleanup) => {
      const button = this.olderButton()?.nativeElement;
      if (!button || this.loading() || typeof IntersectionObserver === 'undefined') return;
      const observer = new IntersectionObserver((changes) => changes.some((change) => change.isIntersecting) && this.loadOlder.emit(), {
        root: this.scroller().nativeElement,
        rootMargin: '300px 0px 0px 0px',
      });
      observer.observe(button);
      onCleanup(() => observer.disconnect());
    });
    // Watch the end of the history: the newest messages are seen while it is (nearly) in view.
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      if (typeof IntersectionObserver === 'undefined') return;
      const observer = new IntersectionObserver((changes) => this.viewingLatest.emit(changes.at(-1)?.isIntersecting ?? true), {
        root: this.scroller().nativeElement,
        rootMargin: '0px 0px 48px 0px',
      });
      observer.observe(this.latest().nativeElement);
      destroyRef.onDestroy(() => observer.disconnect());
    });
  }

  /** Scrolls to the newest message (in a reversed column that is scrollTop 0). */
  scrollToLatest(behavior: ScrollBehavior = 'smooth'): void {
    this.scroller().nativeElement.scrollTo({ top: 0, behavior });
    this.awayFromLatest.set(false);
  }

  protected onScroll(): void {
    this.awayFromLatest.set(this.scroller().nativeElement.scrollTop < -400);
  }
}
