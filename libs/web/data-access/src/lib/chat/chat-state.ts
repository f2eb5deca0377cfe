import { computed, signal } from '@angular/core';
import type { Conversation } from '@pneumatic/contracts';
import { EMPTY_TIMELINE, withReadMarker, type Timeline } from './timeline';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

const byActivity = (a: Conversation, b: Conversation) => b.updated_at.localeCompare(a.updated_at) || a.id.localeCompare(b.id);

/**
 * The signals behind the chat and the small rules that keep them consistent (what counts as being read, how a
 * conversation is marked read). ChatStore decides what goes in; this only holds it.
 */
export class ChatState {
  readonly conversationMap = signal<ReadonlyMap<string, Conversation>>(new Map());
  readonly timelines = signal<ReadonlyMap<string, Timeline>>(new Map());
  readonly activeId = signal<string | null>(null);
  /** Whether the page is on screen (a hidden tab is not reading what arrives). */
  readonly visible = signal(true);
  /** Whether the window has the focus (a window behind another is not being read either). */
  readonly focused = signal(true);
  /** The highest seq of the open conversation on screen now (0: none, or not placed yet): what the user can read. */
  readonly visibleSeq = signal(0);
  /** Where the unread messages of the open conversation started when it was opened: the "New messages" line. */
  readonly firstUnread = signal<{ readonly id: string; readonly seq: number } | null>(null);
  /** How far the other members have read, per conversation: learnt from `read` events and from their messages. */
  readonly peerMarkers = signal<ReadonlyMap<string, ReadonlyMap<string, number>>>(new Map());
  /** What is being fetched of histories, as `loadKey(conversationId, load)`. */
  readonly historyLoading = signal<ReadonlySet<string>>(new Set());
  readonly listStatus = signal<LoadStatus>('idle');
  /** Why the open conversation cannot be shown, when it cannot (not found, not a member, no connection). */
  readonly missing = signal<{ readonly id: string; readonly reason: string } | null>(null);
  /**
   * Per conversation, the change_seq up to which this tab has every change (SPEC 10.1): where `sync` asks for
   * `changes` from. Not shown, so not a signal.
   */
  readonly changeCursors = new Map<string, number>();
  /** Conversations `sync` said the user is no longer in (until they come back). */
  readonly removed = new Set<string>();

  /** Most recent activity first. */
  readonly conversations = computed(() => [...this.conversationMap().values()].sort(byActivity));
  readonly unreadTotal = computed(() => this.conversations().reduce((sum, conversation) => sum + conversation.unread_count, 0));

  conversation(id: string | null): Conversation | undefined {
    return id ? this.conversationMap().get(id) : undefined;
  }

  timeline(id: string | null): Timeline {
    return (id && this.timelines().get(id)) || EMPTY_TIMELINE;
  }

  setTimeline(id: string, timeline: Timeline): void {
    this.timelines.update((map) => new Map(map).set(id, timeline));
  }

  putConversation(conversation: Conversation): void {
    this.removed.delete(conversation.id);
    if (this.conversationMap().get(conversation.id) === conversation) return;
    this.conversationMap.update((map) => new Map(map).set(conversation.id, conversation));
  }

  /** Forgets a conversation the user is no longer in. */
  removeConversation(id: string): void {
    if (!this.conversationMap().has(id) && !this.timelines().has(id)) return;
    this.conversationMap.update((map) => {
      const next = new Map(map);
      next.delete(id);
      return next;
    });
    this.timelines.update((map) => {
      const next = new Map(map);
      next.delete(id);
      return next;
    });
    this.changeCursors.delete(id);
    this.removed.add(id);
  }

  /** Moves a conversation's change cursor forward (never back). */
  advanceChangeCursor(id: string, changeSeq: number): void {
    if (changeSeq > (this.changeCursors.get(id) ?? 0)) this.changeCursors.set(id, changeSeq);
  }

  /** The conversation is open, on screen, in the focused window: the messages it shows are being read. */
  isReading(id: string): boolean {
    return this.activeId() === id && this.visible() && this.focused();
  }

  /** Moves the user's own marker (never back). */
  markRead(id: string, seq: number): void {
    const conversation = this.conversationMap().get(id);
    if (conversation) this.putConversation(withReadMarker(conversation, seq));
  }

  /** Another member has read up to `seq` (never back). */
  notePeerRead(conversationId: string, userId: string, seq: number): void {
    const markers = this.peerMarkers().get(conversationId);
    if ((markers?.get(userId) ?? 0) >= seq) return;
    this.peerMarkers.update((map) => new Map(map).set(conversationId, new Map(markers).set(userId, seq)));
  }

  peerMarker(conversationId: string, userId: string): number {
    return this.peerMarkers().get(conversationId)?.get(userId) ?? 0;
  }

  setHistoryLoading(key: string, loading: boolean): void {
    this.historyLoading.update((keys) => {
      const next = new Set(keys);
      if (loading) next.add(key);
      else next.delete(key);
      return next;
    });
  }

  reset(): void {
    this.conversationMap.set(new Map());
    this.timelines.set(new Map());
    this.historyLoading.set(new Set());
    this.peerMarkers.set(new Map());
    this.changeCursors.clear();
    this.removed.clear();
    this.activeId.set(null);
    this.visibleSeq.set(0);
    this.firstUnread.set(null);
    this.missing.set(null);
    this.listStatus.set('idle');
  }
}
