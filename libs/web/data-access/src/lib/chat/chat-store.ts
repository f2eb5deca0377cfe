import { DOCUMENT } from '@angular/common';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { LIMITS, type Conversation, type Message, type SyncCursor } from '@pneumatic/contracts';
import { firstValueFrom, Subscription } from 'rxjs';
import { ConversationsApi } from '../api/conversations-api';
import { Session } from '../auth/session';
import { describeError } from '../http/problem';
import { ChatSocket } from '../realtime/chat-socket';
import { Outbox } from './outbox';
import { EMPTY_TIMELINE, hasGap, mergeMessages, reconcileConversation, syncCursor, type Timeline, withMessage } from './timeline';
import { UsersDirectory } from './users-directory';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';
const byActivity = (a: Conversation, b: Conversation) => b.updated_at.localeCompare(a.updated_at) || a.id.localeCompare(b.id);

/**
 * The chat as this tab knows it: conversations and their history, merged from REST pages, live events and
 * `sync` results, keyed by message id and ordered by seq, so a message reaching the tab several ways is shown
 * once and in the order everyone sees. On every (re)connection it catches up with `sync` from what it holds.
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly session = inject(Session);
  private readonly socket = inject(ChatSocket);
  private readonly conversationsApi = inject(ConversationsApi);
  private readonly outbox = inject(Outbox);
  private readonly directory = inject(UsersDirectory);
  private readonly document = inject(DOCUMENT);

  private readonly conversationMap = signal<ReadonlyMap<string, Conversation>>(new Map());
  private readonly timelines = signal<ReadonlyMap<string, Timeline>>(new Map());
  private readonly activeIdSignal = signal<string | null>(null);
  private readonly visible = signal(true);
  private readonly historyLoading = signal<ReadonlySet<string>>(new Set());
  private readonly listStatus = signal<LoadStatus>('idle');
  private readonly fetching = new Set<string>();
  private subscriptions: Subscription | null = null;
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;

  readonly status = this.listStatus.asReadonly();
  /** Why the open conversation cannot be shown, when it cannot (not found, not a member, no connection). */
  readonly missing = signal<{ id: string; reason: string } | null>(null);
  readonly connection = this.socket.state;
  readonly activeId = this.activeIdSignal.asReadonly();
  /** Most recent activity first. */
  readonly conversations = computed(() => [...this.conversationMap().values()].sort(byActivity));
  readonly activeConversation = computed(() => this.conversationOf(this.activeIdSignal()));
  readonly activeTimeline = computed(() => this.timelineOf(this.activeIdSignal()));
  readonly activePending = computed(() => this.outbox.pending().filter((entry) => entry.conversation_id === this.activeIdSignal()));
  readonly activeLoading = computed(() => this.historyLoading().has(this.activeIdSignal() ?? ''));
  readonly unreadTotal = computed(() => this.conversations().reduce((sum, conversation) => sum + conversation.unread_count, 0));

  constructor() {
    const onVisibility = () => this.setVisible(this.document.visibilityState !== 'hidden');
    this.document.addEventListener('visibilitychange', onVisibility);
    inject(DestroyRef).onDestroy(() => {
      this.document.removeEventListener('visibilitychange', onVisibility);
      this.stop();
    });
  }

  /** Loads the conversation list and people, then opens the real-time connection. */
  start(): void {
    if (this.subscriptions) return;
    this.subscriptions = new Subscription();
    this.subscriptions.add(this.socket.messages$.subscribe((message) => this.receive([message])));
    this.subscriptions.add(this.socket.conversations$.subscribe((conversation) => this.upsert([conversation])));
    this.subscriptions.add(this.socket.connected$.subscribe(() => void this.catchUp()));
    void this.reload().finally(() => this.subscriptions && this.socket.connect());
  }

  /** Closes the connection and forgets everything (logout, another user). */
  stop(): void {
    this.subscriptions?.unsubscribe();
    this.subscriptions = null;
    this.socket.disconnect();
    this.conversationMap.set(new Map());
    this.timelines.set(new Map());
    this.historyLoading.set(new Set());
    this.activeIdSignal.set(null);
    this.missing.set(null);
    this.listStatus.set('idle');
    this.outbox.clear();
    this.directory.clear();
  }

  /** (Re)loads the conversation list. */
  async reload(): Promise<void> {
    this.listStatus.set('loading');
    try {
      this.upsert(await firstValueFrom(this.conversationsApi.list()));
      this.listStatus.set('ready');
    } catch {
      this.listStatus.set('failed');
    }
  }

  /** Shows a conversation: it counts as read, and its newest page of history is fetched the first time. */
  open(id: string | null): void {
    this.activeIdSignal.set(id);
    if (this.missing()?.id !== id) this.missing.set(null);
    if (!id) return;
    this.markRead(id);
    if (!this.conversationMap().has(id)) void this.fetchConversation(id);
    if (!this.timelineOf(id).loaded) void this.loadHistory(id, {});
  }

  /** Fetches the page before the oldest message held. */
  loadOlder(id: string): Promise<void> {
    const timeline = this.timelineOf(id);
    if (!timeline.loaded || !timeline.hasOlder) return Promise.resolve();
    return this.loadHistory(id, { before_seq: timeline.messages[0]?.seq });
  }

  send(conversationId: string, content: string): void {
    void this.outbox.send(conversationId, content).then((message) => message && this.receive([message]));
  }

  retry(messageId: string): void {
    void this.outbox.retry(messageId).then((message) => message && this.receive([message]));
  }

  discard(messageId: string): void {
    this.outbox.discard(messageId);
  }

  /** Finds or creates the 1-on-1 with a person; resolves with its id. */
  async openDirect(userId: string): Promise<string> {
    const conversation = await firstValueFrom(this.conversationsApi.create({ member_ids: [userId] }));
    this.upsert([conversation]);
    return conversation.id;
  }

  async createGroup(title: string | null, memberIds: readonly string[]): Promise<string> {
    const conversation = await firstValueFrom(this.conversationsApi.create({ title, member_ids: memberIds, is_group: true }));
    this.upsert([conversation]);
    return conversation.id;
  }

  private async fetchConversation(id: string): Promise<void> {
    if (this.fetching.has(id)) return;
    this.fetching.add(id);
    try {
      this.upsert([await firstValueFrom(this.conversationsApi.get(id))]);
    } catch (error) {
      if (this.activeIdSignal() === id) this.missing.set({ id, reason: describeError(error) });
    } finally {
      this.fetching.delete(id);
    }
  }

  private async loadHistory(id: string, query: { before_seq?: number }): Promise<void> {
    if (this.historyLoading().has(id)) return;
    this.historyLoading.update((set) => new Set(set).add(id));
    try {
      const page = await firstValueFrom(this.conversationsApi.messages(id, { ...query, limit: LIMITS.historyPageDefault }));
      const before = this.timelineOf(id);
      const olderPage = query.before_seq !== undefined;
      this.setTimeline(id, {
        messages: mergeMessages(before.messages, page.messages),
        loaded: true,
        hasOlder: olderPage || !before.loaded ? page.has_more : before.hasOlder,
      });
      this.receive(page.messages);
    } catch (error) {
      if (this.activeIdSignal() === id && !this.timelineOf(id).loaded) this.missing.set({ id, reason: describeError(error) });
    } finally {
      this.historyLoading.update((set) => {
        const next = new Set(set);
        next.delete(id);
        return next;
      });
    }
  }

  /** Takes in stored messages from anywhere (ack, live event, page, sync). */
  private receive(messages: readonly Message[]): void {
    const selfId = this.session.user()?.id ?? '';
    const byConversation = new Map<string, Message[]>();
    for (const message of [...messages].sort((a, b) => a.seq - b.seq)) {
      byConversation.set(message.conversation_id, [...(byConversation.get(message.conversation_id) ?? []), message]);
    }
    let gap = false;
    for (const [id, batch] of byConversation) {
      const timeline = this.timelineOf(id);
      const merged = mergeMessages(timeline.messages, batch);
      if (merged !== timeline.messages) this.setTimeline(id, { ...timeline, messages: merged });
      gap ||= timeline.loaded && hasGap(merged);
      for (const message of batch) this.outbox.confirm(message, selfId);
      const conversation = this.conversationMap().get(id);
      if (conversation) this.putConversation(batch.reduce((summary, message) => withMessage(summary, message, selfId, this.isReading(id)), conversation));
      else void this.fetchConversation(id);
    }
    if (gap) void this.catchUp();
  }

  /** Takes in conversations from the server; messages this tab saw after the server's copy was made still count. */
  private upsert(conversations: readonly Conversation[]): void {
    const selfId = this.session.user()?.id ?? '';
    this.directory.resolve([...new Set(conversations.flatMap((conversation) => conversation.members))].filter((id) => id !== selfId));
    for (const fresh of conversations) {
      const reading = this.isReading(fresh.id);
      let merged = reconcileConversation(this.conversationMap().get(fresh.id), fresh);
      for (const message of this.timelineOf(fresh.id).messages) {
        if (message.seq > merged.last_seq) merged = withMessage(merged, message, selfId, reading);
      }
      this.putConversation(reading ? { ...merged, unread_count: 0, last_read_seq: merged.last_seq } : merged);
      if (this.missing()?.id === fresh.id) this.missing.set(null);
    }
  }

  /**
   * Asks the server for everything after what this tab holds, repeating while it says there is more; new
   * conversations come with the answer. Then retries the messages that failed while offline.
   */
  private catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = this.syncAll().finally(() => {
      this.catchingUp = null;
      if (this.catchUpAgain && this.socket.isConnected()) {
        this.catchUpAgain = false;
        void this.catchUp();
      }
    });
    return this.catchingUp;
  }

  private async syncAll(): Promise<void> {
    let cursors: SyncCursor[] = [...this.conversationMap().values()].map((conversation) => ({
      conversation_id: conversation.id,
      after_seq: syncCursor(this.timelineOf(conversation.id), conversation),
    }));
    do {
      if (!this.socket.isConnected()) return;
      const ack = await this.socket.sync({ conversations: cursors }).catch(() => null);
      if (!ack?.ok) return;
      this.upsert(ack.conversations);
      this.receive(ack.results.flatMap((result) => result.messages));
      this.listStatus.set('ready');
      cursors = ack.results
        .filter((result) => result.has_more && result.messages.length > 0)
        .map((result) => ({ conversation_id: result.conversation_id, after_seq: result.messages[result.messages.length - 1].seq }));
    } while (cursors.length > 0);
    for (const retried of this.outbox.retryTransient()) void retried.then((message) => message && this.receive([message]));
  }

  private markRead(id: string): void {
    const conversation = this.conversationMap().get(id);
    if (conversation && conversation.unread_count > 0) {
      this.putConversation({ ...conversation, unread_count: 0, last_read_seq: conversation.last_seq });
    }
  }

  private setVisible(visible: boolean): void {
    this.visible.set(visible);
    const active = this.activeIdSignal();
    if (visible && active) this.markRead(active);
  }

  private isReading(id: string): boolean {
    return this.activeIdSignal() === id && this.visible();
  }

  private conversationOf(id: string | null): Conversation | undefined {
    return id ? this.conversationMap().get(id) : undefined;
  }

  private timelineOf(id: string | null): Timeline {
    return (id && this.timelines().get(id)) || EMPTY_TIMELINE;
  }

  private setTimeline(id: string, timeline: Timeline): void {
    this.timelines.update((map) => new Map(map).set(id, timeline));
  }

  private putConversation(conversation: Conversation): void {
    if (this.conversationMap().get(conversation.id) === conversation) return;
    this.conversationMap.update((map) => new Map(map).set(conversation.id, conversation));
  }
}
