import { DOCUMENT } from '@angular/common';
import { computed, DestroyRef, inject, Injectable } from '@angular/core';
import { LIMITS, type Conversation, type Message } from '@pneumatic/contracts';
import { firstValueFrom, Subscription } from 'rxjs';
import { ConversationsApi } from '../api/conversations-api';
import { Session } from '../auth/session';
import { describeError } from '../http/problem';
import { ChatSocket } from '../realtime/chat-socket';
import { ChatState } from './chat-state';
import { Outbox } from './outbox';
import { hasGap, mergeMessages, reconcileConversation, syncCursor, withMessage } from './timeline';
import { UsersDirectory } from './users-directory';

const CATCH_UP_RETRY_MS = 3_000;

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
  private readonly state = new ChatState();
  private readonly fetching = new Set<string>();
  private subscriptions: Subscription | null = null;
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;
  private catchUpRetry: ReturnType<typeof setTimeout> | undefined;

  readonly status = this.state.listStatus.asReadonly();
  readonly missing = this.state.missing.asReadonly();
  readonly connection = this.socket.state;
  readonly activeId = this.state.activeId.asReadonly();
  readonly conversations = this.state.conversations;
  readonly unreadTotal = this.state.unreadTotal;
  readonly activeConversation = computed(() => this.state.conversation(this.state.activeId()));
  readonly activeTimeline = computed(() => this.state.timeline(this.state.activeId()));
  readonly activePending = computed(() => this.outbox.pending().filter((entry) => entry.conversation_id === this.state.activeId()));
  readonly activeLoading = computed(() => this.state.historyLoading().has(this.state.activeId() ?? ''));
  /** Some of the user's messages have not reached the server yet (they live only in this tab). */
  readonly hasUnsent = computed(() => this.outbox.pending().length > 0);

  constructor() {
    const document = inject(DOCUMENT);
    const onVisibility = () => {
      this.state.visible.set(document.visibilityState !== 'hidden');
      const active = this.state.activeId();
      if (active && this.state.isReading(active)) this.state.markRead(active);
    };
    onVisibility();
    document.addEventListener('visibilitychange', onVisibility);
    inject(DestroyRef).onDestroy(() => {
      document.removeEventListener('visibilitychange', onVisibility);
      this.stop();
    });
  }

  /** Loads the conversation list, then opens the real-time connection. */
  start(): void {
    if (this.subscriptions) return;
    this.subscriptions = new Subscription();
    this.subscriptions.add(this.socket.messages$.subscribe((message) => this.receive([message])));
    this.subscriptions.add(this.socket.conversations$.subscribe((conversation) => this.upsert([conversation])));
    this.subscriptions.add(this.socket.connected$.subscribe(() => void this.catchUp()));
    void this.reload().finally(() => this.subscriptions && this.socket.connect());
  }

  /** Closes the connection and forgets everything (logout, another user); answers still on their way are ignored. */
  stop(): void {
    clearTimeout(this.catchUpRetry);
    this.subscriptions?.unsubscribe();
    this.subscriptions = null;
    this.socket.disconnect();
    this.state.reset();
    this.outbox.clear();
    this.directory.clear();
  }

  /** (Re)loads the conversation list. */
  async reload(): Promise<void> {
    this.state.listStatus.set('loading');
    try {
      this.upsert(await firstValueFrom(this.conversationsApi.list()));
      this.state.listStatus.set('ready');
    } catch {
      this.state.listStatus.set('failed');
    }
  }

  /** Shows a conversation: it counts as read, and its newest page of history is fetched the first time. */
  open(id: string | null): void {
    this.state.activeId.set(id);
    if (this.state.missing()?.id !== id) this.state.missing.set(null);
    if (!id) return;
    this.state.markRead(id);
    if (!this.state.conversation(id)) void this.fetchConversation(id);
    if (!this.state.timeline(id).loaded) void this.loadHistory(id, {});
  }

  /** Fetches the page before the oldest message held. */
  loadOlder(id: string): Promise<void> {
    const timeline = this.state.timeline(id);
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
      if (this.state.activeId() === id) this.state.missing.set({ id, reason: describeError(error) });
    } finally {
      this.fetching.delete(id);
    }
  }

  private async loadHistory(id: string, query: { before_seq?: number }): Promise<void> {
    if (this.state.historyLoading().has(id)) return;
    this.state.setHistoryLoading(id, true);
    try {
      const page = await firstValueFrom(this.conversationsApi.messages(id, { ...query, limit: LIMITS.historyPageDefault }));
      if (!this.subscriptions) return;
      const before = this.state.timeline(id);
      const olderPage = query.before_seq !== undefined;
      this.state.setTimeline(id, {
        messages: mergeMessages(before.messages, page.messages),
        loaded: true,
        hasOlder: olderPage || !before.loaded ? page.has_more : before.hasOlder,
      });
      this.receive(page.messages);
    } catch (error) {
      if (this.state.activeId() === id && !this.state.timeline(id).loaded) this.state.missing.set({ id, reason: describeError(error) });
    } finally {
      this.state.setHistoryLoading(id, false);
    }
  }

  /** Takes in stored messages from anywhere (ack, live event, page, sync); a stopped store takes nothing. */
  private receive(messages: readonly Message[]): void {
    if (!this.subscriptions) return;
    const selfId = this.session.user()?.id ?? '';
    const byConversation = new Map<string, Message[]>();
    for (const message of [...messages].sort((a, b) => a.seq - b.seq)) {
      byConversation.set(message.conversation_id, [...(byConversation.get(message.conversation_id) ?? []), message]);
    }
    let gap = false;
    for (const [id, batch] of byConversation) {
      const timeline = this.state.timeline(id);
      const merged = mergeMessages(timeline.messages, batch);
      if (merged !== timeline.messages) this.state.setTimeline(id, { ...timeline, messages: merged });
      gap ||= timeline.loaded && hasGap(merged);
      for (const message of batch) this.outbox.confirm(message, selfId);
      const conversation = this.state.conversation(id);
      const reading = this.state.isReading(id);
      if (conversation)
        this.state.putConversation(batch.reduce((summary, message) => withMessage(summary, message, selfId, reading), conversation));
      else void this.fetchConversation(id);
    }
    if (gap) void this.catchUp();
  }

  /** Takes in conversations from the server; messages this tab saw after the server's copy was made still count. */
  private upsert(conversations: readonly Conversation[]): void {
    if (!this.subscriptions) return;
    const selfId = this.session.user()?.id ?? '';
    this.directory.resolve([...new Set(conversations.flatMap((conversation) => conversation.members))].filter((id) => id !== selfId));
    for (const fresh of conversations) {
      const reading = this.state.isReading(fresh.id);
      let merged = reconcileConversation(this.state.conversation(fresh.id), fresh);
      for (const message of this.state.timeline(fresh.id).messages) {
        if (message.seq > merged.last_seq) merged = withMessage(merged, message, selfId, reading);
      }
      this.state.putConversation(reading ? { ...merged, unread_count: 0, last_read_seq: merged.last_seq } : merged);
      if (this.state.missing()?.id === fresh.id) this.state.missing.set(null);
    }
  }

  /**
   * One catch-up at a time; asking during one runs another right after it, from the new position. A catch-up the
   * server refused (rate limit, a timeout) is tried again a little later while the connection holds.
   */
  private catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    clearTimeout(this.catchUpRetry);
    this.catchingUp = this.syncAll()
      .catch(() => false)
      .then((caughtUp) => {
        this.catchingUp = null;
        if (!this.subscriptions || !this.socket.isConnected()) return;
        if (this.catchUpAgain || !caughtUp) {
          this.catchUpAgain = false;
          if (caughtUp) void this.catchUp();
          else this.catchUpRetry = setTimeout(() => void this.catchUp(), CATCH_UP_RETRY_MS);
        }
      });
    return this.catchingUp;
  }

  /**
   * Syncs every conversation from what this tab holds (new conversations come with the answer), then does what
   * waited for the connection: the history of an open conversation that failed to load, and the messages that
   * failed to go out.
   */
  private async syncAll(): Promise<boolean> {
    const cursors = this.state.conversations().map((conversation) => ({
      conversation_id: conversation.id,
      after_seq: syncCursor(this.state.timeline(conversation.id), conversation),
    }));
    const caughtUp = await this.socket.syncUntilCaughtUp(cursors, (answer) => {
      this.upsert(answer.conversations);
      this.receive(answer.results.flatMap((result) => result.messages));
    });
    if (!caughtUp || !this.subscriptions) return false;
    this.state.listStatus.set('ready');
    const active = this.state.activeId();
    if (active && !this.state.timeline(active).loaded) {
      this.state.missing.set(null);
      void this.loadHistory(active, {});
    }
    for (const retried of this.outbox.retryTransient()) void retried.then((message) => message && this.receive([message]));
    return true;
  }
}
