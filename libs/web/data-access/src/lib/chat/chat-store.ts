import { DOCUMENT } from '@angular/common';
import { computed, DestroyRef, inject, Injectable } from '@angular/core';
import type { Attachment, Conversation, Message, SyncResponse } from '@pneumatic/contracts';
import { firstValueFrom, Subscription } from 'rxjs';
import { ConversationsApi } from '../api/conversations-api';
import { Session } from '../auth/session';
import { describeError } from '../http/problem';
import { ChatSocket } from '../realtime/chat-socket';
import { CatchUp } from './catch-up';
import { ChatActivity } from './chat-activity';
import { ChatChanges } from './chat-changes';
import { ChatState } from './chat-state';
import { HistoryLoader, loadKey } from './history-loader';
import { extendWindow, reachedNewest } from './history-window';
import { Outbox } from './outbox';
import { watchAttention } from './page-attention';
import { hasGap, reconcileConversation, withMessage } from './timeline';
import { UsersDirectory } from './users-directory';

/**
 * The chat as this tab knows it: conversations and their history, merged from REST pages, live events and
 * `sync` results, keyed by message id and ordered by seq, so a message reaching the tab several ways is shown
 * once and in the order everyone sees. On every (re)connection it catches up with `sync` from what it holds.
 * A conversation opens at its first unread message; what the user sees of it (on screen, in the focused window)
 * moves their read marker; `read`, `typing` and `presence` events keep markers, typing lines and online dots live.
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly session = inject(Session);
  private readonly socket = inject(ChatSocket);
  private readonly conversationsApi = inject(ConversationsApi);
  private readonly outbox = inject(Outbox);
  private readonly directory = inject(UsersDirectory);
  private readonly state = new ChatState();
  private readonly activity = new ChatActivity(this.state);
  private readonly history = new HistoryLoader(
    this.state,
    (messages) => this.receive(messages),
    () => this.subscriptions !== null,
  );
  private readonly changes = new ChatChanges(this.state, () => this.session.user()?.id ?? '');
  /** Messages an edit has just made mention the user (they were not mentioned before): worth a notification. */
  readonly newlyMentioned$ = this.changes.newlyMentioned$.asObservable();
  private readonly fetching = new Map<string, Promise<void>>();
  private subscriptions: Subscription | null = null;
  private readonly catchUps = new CatchUp(
    () => this.syncAll(),
    () => this.subscriptions !== null && this.socket.isConnected(),
  );
  private connectedBefore = false;
  /** Presence events were missed while the connection was down: ask again once caught up. */
  private presenceStale = false;
  /** The message the open conversation was opened at (a search result), for a window loaded only once connected. */
  private openedAt: { readonly id: string; readonly seq: number } | null = null;

  readonly status = this.state.listStatus.asReadonly();
  readonly missing = this.state.missing.asReadonly();
  readonly connection = this.socket.state;
  readonly activeId = this.state.activeId.asReadonly();
  readonly conversations = this.state.conversations;
  readonly unreadTotal = this.state.unreadTotal;
  readonly activeConversation = computed(() => this.state.conversation(this.state.activeId()));
  readonly activeTimeline = computed(() => this.state.timeline(this.state.activeId()));
  readonly activePending = computed(() => this.outbox.pending().filter((entry) => entry.conversation_id === this.state.activeId()));
  /** Being fetched for the open conversation: its window (opening, a jump), or a page at either end. */
  readonly activeLoading = computed(() => this.isLoading('window'));
  readonly activeLoadingOlder = computed(() => this.isLoading('older'));
  readonly activeLoadingNewer = computed(() => this.isLoading('newer'));
  /** The seq of the first message that was unread when the open conversation was opened ("New messages"), or null. */
  readonly activeFirstUnread = computed(() => {
    const marked = this.state.firstUnread();
    return marked && marked.id === this.state.activeId() ? marked.seq : null;
  });
  /** Some of the user's messages have not reached the server yet (they live only in this tab). */
  readonly hasUnsent = computed(() => this.outbox.pending().length > 0);
  /** Conversation id → the other members typing there. */
  readonly typing = this.activity.typing;
  readonly activeTypists = this.activity.activeTypists;
  /** In an open 1-on-1: the seq up to which the other person has read, as far as this tab knows (0: nothing). */
  readonly activePeerReadSeq = this.activity.activePeerReadSeq;

  constructor() {
    const stopWatching = watchAttention(inject(DOCUMENT), ({ visible, focused }) => {
      this.state.visible.set(visible);
      this.state.focused.set(focused);
      this.activity.readIfSeen();
    });
    inject(DestroyRef).onDestroy(() => {
      stopWatching();
      this.stop();
    });
  }

  /** Loads the conversation list, then opens the real-time connection. */
  start(): void {
    if (this.subscriptions) return;
    this.subscriptions = new Subscription();
    this.subscriptions.add(
      this.socket.messages$.subscribe((message) => {
        this.changes.noteLive(message);
        this.receive([message]);
      }),
    );
    this.subscriptions.add(
      this.socket.updates$.subscribe((message) => {
        this.changes.noteLive(message);
        this.applyUpdates([message]);
      }),
    );
    this.subscriptions.add(this.socket.conversations$.subscribe((conversation) => this.upsert([conversation])));
    this.subscriptions.add(this.socket.removed$.subscribe((id) => this.forget(id)));
    this.subscriptions.add(this.socket.newcomers$.subscribe((user) => this.directory.welcome(user)));
    this.subscriptions.add(
      this.socket.users$.subscribe((user) => {
        this.directory.remember([user]);
        this.session.adoptProfile(user);
      }),
    );
    this.subscriptions.add(this.activity.listen());
    this.subscriptions.add(
      this.socket.connected$.subscribe(() => {
        this.presenceStale = this.connectedBefore;
        this.connectedBefore = true;
        void this.catchUps.request();
      }),
    );
    void this.reload().finally(() => this.subscriptions && this.socket.connect());
  }

  /** Closes the connection and forgets everything (logout, another user); answers still on their way are ignored. */
  stop(): void {
    this.catchUps.cancel();
    this.subscriptions?.unsubscribe();
    this.subscriptions = null;
    this.connectedBefore = this.presenceStale = false;
    this.activity.reset();
    this.history.forget();
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

  /**
   * Shows a conversation, at its first unread message (else its newest), or with `at` around the message of that seq
   * (a search result), fetching what it needs of its history.
   */
  open(id: string | null, at?: number): void {
    if (this.state.activeId() !== id) {
      this.activity.stopTyping();
      this.state.visibleSeq.set(0);
      this.state.firstUnread.set(null);
    }
    this.state.activeId.set(id);
    if (this.state.missing()?.id !== id) this.state.missing.set(null);
    this.openedAt = id && at !== undefined ? { id, seq: at } : null;
    if (id) void this.openWindow(id, at);
  }

  /** The highest seq of the open conversation on screen (told by the view): up to there it is read. */
  setVisibleSeq(conversationId: string, seq: number): void {
    if (this.state.activeId() !== conversationId) return;
    this.state.visibleSeq.set(seq);
    this.activity.readIfSeen();
  }

  /** The user changed what they are writing in a conversation (`writing`: the text is not blank). */
  typed(conversationId: string, writing: boolean): void {
    this.activity.typed(conversationId, writing);
  }

  /** Fetches the page before the oldest message held. */
  loadOlder(id: string): Promise<void> {
    return this.history.older(id);
  }

  /** Fetches the page after the newest message held, when the window ends before the newest. */
  loadNewer(id: string): Promise<void> {
    return this.history.newer(id);
  }

  /** Holds the newest messages (a new window when the one held ends before them); resolves once they are there. */
  jumpToLatest(id: string): Promise<void> {
    return this.history.latest(id);
  }

  /** Holds the first unread message of when the conversation was opened; resolves once it is there. */
  jumpToFirstUnread(id: string): Promise<void> {
    return this.history.firstUnread(id);
  }

  /** Sends a message (answering `replyToId`, if given) with the uploaded files, if any. */
  send(conversationId: string, content: string, replyToId?: string, attachments: readonly Attachment[] = []): void {
    this.activity.stopTyping();
    void this.outbox.send(conversationId, content, replyToId, attachments).then((message) => message && this.receive([message]));
  }

  retry(messageId: string): void {
    void this.outbox.retry(messageId).then((message) => message && this.receive([message]));
  }

  discard(messageId: string): void {
    this.outbox.discard(messageId);
  }

  /** Mutes or unmutes a conversation for the user; resolves to null once done, else to why not. */
  async setMuted(id: string, muted: boolean): Promise<string | null> {
    try {
      this.upsert([await firstValueFrom(this.conversationsApi.updateSettings(id, { muted }))]);
      return null;
    } catch (error) {
      return describeError(error);
    }
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

  /** A conversation as the server answered a change to it (members, roles, title): the same road as a live one. */
  adopt(conversation: Conversation): void {
    this.upsert([conversation]);
  }

  /** The user left a conversation or was removed from it (told live, or after leaving it here): it goes from the list. */
  forget(id: string): void {
    if (!this.subscriptions) return;
    this.state.removeConversation(id);
    if (this.state.activeId() === id) this.state.missing.set({ id, reason: 'You are no longer in this conversation.' });
  }

  private isLoading(load: 'window' | 'older' | 'newer'): boolean {
    const id = this.state.activeId();
    return id !== null && this.state.historyLoading().has(loadKey(id, load));
  }

  /** Where the open conversation starts depends on its read marker: learn the conversation first when it is new here. */
  private async openWindow(id: string, at?: number): Promise<void> {
    if (!this.state.conversation(id)) await this.fetchConversation(id);
    const conversation = this.state.conversation(id);
    if (conversation && this.state.activeId() === id && this.subscriptions) await this.history.open(id, conversation, at);
  }

  private fetchConversation(id: string): Promise<void> {
    let fetching = this.fetching.get(id);
    if (!fetching) {
      fetching = firstValueFrom(this.conversationsApi.get(id))
        .then(
          (conversation) => this.upsert([conversation]),
          (error: unknown) => {
            if (this.state.activeId() === id) this.state.missing.set({ id, reason: describeError(error) });
          },
        )
        .finally(() => this.fetching.delete(id));
      this.fetching.set(id, fetching);
    }
    return fetching;
  }

  /** Takes in messages that changed (edited, deleted…: from a live event, a sync, the user's own edit). */
  applyUpdates(messages: readonly Message[]): void {
    if (this.subscriptions) this.changes.apply(messages);
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
      const merged = extendWindow(timeline, batch);
      gap ||= timeline.loaded && !timeline.hasNewer && hasGap(merged);
      const conversation = this.state.conversation(id);
      for (const message of batch) {
        this.outbox.confirm(message, selfId);
        this.activity.noteMessage(message, message.seq > (conversation?.last_seq ?? 0));
      }
      if (conversation) this.state.putConversation(batch.reduce((summary, message) => withMessage(summary, message, selfId), conversation));
      else void this.fetchConversation(id);
      const next = reachedNewest({ ...timeline, messages: merged }, this.state.conversation(id)?.last_seq ?? 0);
      if (next.messages !== timeline.messages || next.hasNewer !== timeline.hasNewer) this.state.setTimeline(id, next);
    }
    this.activity.readIfSeen();
    if (gap) void this.catchUps.request();
  }

  /** Takes in conversations from the server; messages this tab saw after the server's copy was made still count. */
  private upsert(conversations: readonly Conversation[]): void {
    if (!this.subscriptions) return;
    const selfId = this.session.user()?.id ?? '';
    // A conversation new to this tab without the members' presence (just created, or announced live): the presence
    // this tab has of them may be old, as it was not told of changes before they shared a conversation.
    const unseen = conversations.filter((conversation) => !conversation.presence && !this.state.conversation(conversation.id));
    if (unseen.length) void this.directory.refresh(this.contacts(unseen, selfId)).catch(() => undefined);
    this.directory.resolve(this.contacts(conversations, selfId));
    this.activity.noteConversations(conversations);
    for (const fresh of conversations) {
      this.changes.noteConversation(fresh);
      let merged = reconcileConversation(this.state.conversation(fresh.id), fresh);
      for (const message of this.state.timeline(fresh.id).messages) {
        if (message.seq > merged.last_seq) merged = withMessage(merged, message, selfId);
      }
      this.state.putConversation(merged);
      if (this.state.missing()?.id === fresh.id) this.state.missing.set(null);
    }
    this.activity.readIfSeen();
  }

  /** One answer of `sync`: new conversations, the current state of the listed ones, what changed, what is gone. */
  private applySync(answer: SyncResponse): void {
    this.upsert([...answer.conversations, ...answer.results.map((result) => result.conversation)]);
    this.receive(answer.results.flatMap((result) => result.messages));
    this.applyUpdates(answer.results.flatMap((result) => result.changes ?? []));
    this.changes.noteSynced(answer);
  }

  /** The other members of these conversations. */
  private contacts(conversations: readonly Conversation[], selfId: string): string[] {
    return [...new Set(conversations.flatMap((conversation) => conversation.members))].filter((id) => id !== selfId);
  }

  /**
   * Syncs every conversation from what this tab holds (new conversations come with the answer), then does what
   * waited for the connection: the history of an open conversation that failed to load, the messages and read
   * markers that failed to go out, and (after time away, when presence events were missed) who is online.
   */
  private async syncAll(): Promise<boolean> {
    const cursors = this.state.conversations().map((conversation) => this.changes.cursor(conversation));
    const caughtUp = await this.socket.syncUntilCaughtUp(cursors, (answer) => this.applySync(answer));
    if (!caughtUp || !this.subscriptions) return false;
    this.state.listStatus.set('ready');
    const active = this.state.activeId();
    if (active && !this.state.timeline(active).loaded && !this.state.removed.has(active)) {
      this.state.missing.set(null);
      void this.openWindow(active, this.openedAt?.id === active ? this.openedAt.seq : undefined);
    }
    for (const retried of this.outbox.retryTransient()) void retried.then((message) => message && this.receive([message]));
    this.activity.resume();
    if (this.presenceStale) {
      this.presenceStale = false;
      const contacts = this.contacts(this.state.conversations(), this.session.user()?.id ?? '');
      void this.directory.refresh(contacts).catch(() => undefined);
    }
    return true;
  }
}
