import { computed, signal } from '@angular/core';
import type { Conversation } from '@pneumatic/contracts';
import { EMPTY_TIMELINE, type Timeline } from './timeline';

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
  readonly historyLoading = signal<ReadonlySet<string>>(new Set());
  readonly listStatus = signal<LoadStatus>('idle');
  /** Why the open conversation cannot be shown, when it cannot (not found, not a member, no connection). */
  readonly missing = signal<{ readonly id: string; readonly reason: string } | null>(null);

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
    if (this.conversationMap().get(conversation.id) === conversation) return;
    this.conversationMap.update((map) => new Map(map).set(conversation.id, conversation));
  }

  /** The conversation is open on a visible page: what arrives in it is read at once. */
  isReading(id: string): boolean {
    return this.activeId() === id && this.visible();
  }

  markRead(id: string): void {
    const conversation = this.conversationMap().get(id);
    if (conversation && conversation.unread_count > 0) {
      this.putConversation({ ...conversation, unread_count: 0, last_read_seq: conversation.last_seq });
    }
  }

  setHistoryLoading(id: string, loading: boolean): void {
    this.historyLoading.update((ids) => {
      const next = new Set(ids);
      if (loading) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  reset(): void {
    this.conversationMap.set(new Map());
    this.timelines.set(new Map());
    this.historyLoading.set(new Set());
    this.activeId.set(null);
    this.missing.set(null);
    this.listStatus.set('idle');
  }
}
