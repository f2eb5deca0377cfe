import { computed, inject } from '@angular/core';
import type { Conversation, Message, ReadEvent } from '@pneumatic/contracts';
import { Subscription } from 'rxjs';
import { Session } from '../auth/session';
import { ChatSocket } from '../realtime/chat-socket';
import type { ChatState } from './chat-state';
import { Presence } from './presence';
import { ReadMarkers } from './read-markers';
import { TypingAnnouncer, TypingIndicators } from './typing';

/**
 * Who has read what, who is typing and who is online, over ChatStore's state: the user's read marker follows what
 * they see and what their other devices report; the other members' markers come from `read` events and their own
 * messages; typing lines come and go with `typing` events and messages; `presence` events go to `Presence`.
 * Made by ChatStore, in its injection context.
 */
export class ChatActivity {
  private readonly session = inject(Session);
  private readonly socket = inject(ChatSocket);
  private readonly presence = inject(Presence);
  private readonly readMarkers = inject(ReadMarkers);
  private readonly typists = inject(TypingIndicators);
  private readonly announcer = inject(TypingAnnouncer);

  /** Conversation id → the other members typing there. */
  readonly typing = this.typists.byConversation;
  readonly activeTypists = computed(() => this.typists.byConversation().get(this.state.activeId() ?? '') ?? []);
  /** In an open 1-on-1: the seq up to which the other person has read, as far as this tab knows (0: nothing). */
  readonly activePeerReadSeq = computed(() => {
    const conversation = this.state.conversation(this.state.activeId());
    const selfId = this.session.user()?.id;
    const other = conversation && !conversation.is_group ? conversation.members.find((id) => id !== selfId) : undefined;
    return conversation && other ? this.state.peerMarker(conversation.id, other) : 0;
  });

  constructor(private readonly state: ChatState) {}

  /** Takes in `read`, `typing` and `presence` events until unsubscribed. */
  listen(): Subscription {
    const subscription = new Subscription();
    subscription.add(this.socket.reads$.subscribe((event) => this.applyRead(event)));
    subscription.add(this.socket.typing$.subscribe((event) => this.typists.received(event)));
    subscription.add(this.socket.presence$.subscribe((event) => this.presence.fromEvent(event)));
    return subscription;
  }

  /**
   * The user is looking at the open conversation: what it shows on screen is read, here and on the server — and no
   * further, so a long unread stretch is read as it scrolls by, not all at once on opening.
   */
  readIfSeen(): void {
    const id = this.state.activeId();
    if (!id || !this.state.isReading(id) || !this.state.conversation(id) || !this.state.timeline(id).loaded) return;
    const seen = this.state.visibleSeq();
    if (seen === 0) return;
    this.state.markRead(id, seen);
    this.readMarkers.seen(id, seen);
  }

  /** A read marker moved: the user's own (on any device) clears the unread count; another member's marks ticks. */
  private applyRead(event: ReadEvent): void {
    if (event.user_id !== this.session.user()?.id) return this.state.notePeerRead(event.conversation_id, event.user_id, event.seq);
    this.readMarkers.confirm(event.conversation_id, event.seq);
    this.state.markRead(event.conversation_id, event.seq);
  }

  /**
   * A stored message says something of its sender: they have read up to it, and, when it is new (not a page of
   * history), they are no longer typing.
   */
  noteMessage(message: Message, isNew: boolean): void {
    if (message.sender_id === this.session.user()?.id) return this.readMarkers.confirm(message.conversation_id, message.seq);
    if (isNew) this.typists.stopped(message.conversation_id, message.sender_id);
    this.state.notePeerRead(message.conversation_id, message.sender_id, message.seq);
  }

  /** The server's copies of conversations: the user's markers as the server holds them, the members' presence. */
  noteConversations(conversations: readonly Conversation[]): void {
    for (const conversation of conversations) this.readMarkers.confirm(conversation.id, conversation.last_read_seq);
    this.presence.fromConversations(conversations);
  }

  /** The user changed what they are writing in a conversation (`writing`: the text is not blank). */
  typed(conversationId: string, writing: boolean): void {
    // Only where the user can send: a conversation this tab knows as theirs.
    if (!this.state.conversation(conversationId) || this.state.missing()?.id === conversationId) return;
    this.announcer.typed(conversationId, writing);
  }

  stopTyping(): void {
    this.announcer.stop();
  }

  /** The connection is back: markers that could not go out go now. */
  resume(): void {
    this.readMarkers.flush();
  }

  reset(): void {
    this.announcer.reset();
    this.readMarkers.clear();
    this.typists.clear();
    this.presence.clear();
  }
}
