import { inject } from '@angular/core';
import { LIMITS, type Conversation, type Message, type MessagesQuery } from '@pneumatic/contracts';
import { firstValueFrom } from 'rxjs';
import { ConversationsApi } from '../api/conversations-api';
import { describeError } from '../http/problem';
import type { ChatState } from './chat-state';
import { holdsSeq, windowFromPage, type PageKind } from './history-window';

/** What is being fetched of a conversation's history: a page at either end of its window, or a whole new window. */
export type HistoryLoad = 'older' | 'newer' | 'window';

export const loadKey = (conversationId: string, load: HistoryLoad) => `${conversationId}:${load}`;

const loadOf = (kind: PageKind): HistoryLoad => (kind === 'older' || kind === 'newer' ? kind : 'window');

/**
 * Which part of each conversation's history this tab holds, and fetching more of it: a conversation opens at its
 * first unread message (the "New messages" line goes before it), else at its newest; older and newer pages come as
 * the reader scrolls; the jumps to the latest and to the first unread replace the window. Made by ChatStore, in its
 * injection context; pages go to `take` like any other messages.
 */
export class HistoryLoader {
  private readonly api = inject(ConversationsApi);
  /** The latest window asked for, per conversation: the answer to an earlier one never lands over a later jump. */
  private readonly latestRequest = new Map<string, number>();
  private requests = 0;

  constructor(
    private readonly state: ChatState,
    private readonly take: (messages: readonly Message[]) => void,
    private readonly running: () => boolean,
  ) {}

  /**
   * Opens a conversation: marks where its unread messages start, and holds the window they start in — or, with `at`
   * (a search result), the window around that message, with its neighbours on both sides.
   */
  open(id: string, conversation: Conversation, at?: number): Promise<void> {
    const firstUnread = conversation.unread_count > 0 ? conversation.last_read_seq + 1 : null;
    this.state.firstUnread.set(firstUnread === null ? null : { id, seq: firstUnread });
    const timeline = this.state.timeline(id);
    if (at !== undefined) {
      const neighbours = Math.floor(LIMITS.historyPageDefault / 2);
      const held = holdsSeq(timeline, Math.max(1, at - neighbours)) && holdsSeq(timeline, at);
      return held ? Promise.resolve() : this.load(id, 'at', Math.max(1, at - neighbours));
    }
    if (firstUnread !== null && !holdsSeq(timeline, firstUnread)) return this.load(id, 'at', firstUnread);
    return timeline.loaded ? Promise.resolve() : this.load(id, 'newest');
  }

  older(id: string): Promise<void> {
    const timeline = this.state.timeline(id);
    if (!timeline.loaded || !timeline.hasOlder || timeline.messages.length === 0) return Promise.resolve();
    return this.load(id, 'older', timeline.messages[0].seq);
  }

  newer(id: string): Promise<void> {
    const last = this.state.timeline(id).messages.at(-1);
    if (!this.state.timeline(id).hasNewer || !last) return Promise.resolve();
    return this.load(id, 'newer', last.seq);
  }

  /** The newest messages, fetched unless the window already ends with them. */
  latest(id: string): Promise<void> {
    const timeline = this.state.timeline(id);
    return timeline.loaded && !timeline.hasNewer ? Promise.resolve() : this.load(id, 'newest');
  }

  /** The window around the first unread message, fetched unless it is held. */
  firstUnread(id: string): Promise<void> {
    const marked = this.state.firstUnread();
    if (marked?.id !== id || holdsSeq(this.state.timeline(id), marked.seq)) return Promise.resolve();
    return this.load(id, 'at', marked.seq);
  }

  forget(): void {
    this.latestRequest.clear();
  }

  /** `at`: the newest seq of an older page's end, the last seq of a newer page's start, the first seq of a window. */
  private async load(id: string, kind: PageKind, at = 0): Promise<void> {
    const key = loadKey(id, loadOf(kind));
    if (this.state.historyLoading().has(key)) return;
    const request = ++this.requests;
    const replaces = kind === 'newest' || kind === 'at';
    if (replaces) this.latestRequest.set(id, request);
    const queries: Record<PageKind, MessagesQuery> = {
      newest: {},
      at: { after_seq: at - 1 },
      older: { before_seq: at },
      newer: { after_seq: at },
    };
    this.state.setHistoryLoading(key, true);
    let emptyAtUnread = false;
    try {
      const page = await firstValueFrom(this.api.messages(id, { ...queries[kind], limit: LIMITS.historyPageDefault }));
      if (!this.running()) return;
      const held = this.state.timeline(id);
      const edge = kind === 'older' ? held.messages[0]?.seq : held.messages.at(-1)?.seq;
      if (replaces ? this.latestRequest.get(id) !== request : edge !== at) return; // the window moved meanwhile
      // Nothing from the first unread on (it was read elsewhere meanwhile): the newest messages instead.
      emptyAtUnread = kind === 'at' && page.messages.length === 0;
      if (emptyAtUnread) return;
      this.state.setTimeline(id, windowFromPage(held, page, kind, at));
      // A new window is laid out afresh: what was on screen before says nothing of what will be.
      if (replaces && this.state.activeId() === id) this.state.visibleSeq.set(0);
      this.take(page.messages);
    } catch (error) {
      if (replaces && this.state.activeId() === id && !this.state.timeline(id).loaded)
        this.state.missing.set({ id, reason: describeError(error) });
    } finally {
      this.state.setHistoryLoading(key, false);
    }
    if (emptyAtUnread) await this.load(id, 'newest');
  }
}
