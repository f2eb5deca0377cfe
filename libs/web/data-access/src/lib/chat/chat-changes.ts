import type { Conversation, Message, SyncCursor, SyncResponse } from '@pneumatic/contracts';
import { Subject } from 'rxjs';
import type { ChatState } from './chat-state';
import { applyChanges, isNewer, syncCursor, withMentionChange, withMessage } from './timeline';

/**
 * How this tab follows each conversation's change feed (SPEC 10.1): changed messages (edits, deletions…) replace
 * the copies it holds and the conversation's preview; per conversation it keeps the change_seq up to which it has
 * every change, moved on by live events that follow on and by `sync`, which asks for `changes` from it. Made by
 * ChatStore over its state.
 */
export class ChatChanges {
  /** Messages an edit has just made mention the user, who was not mentioned in the copy held before (SPEC 10.3). */
  readonly newlyMentioned$ = new Subject<Message>();

  constructor(
    private readonly state: ChatState,
    private readonly selfId: () => string,
  ) {}

  /** A conversation this tab has just heard of: everything up to its change counter is in what it is given from now on. */
  noteConversation(conversation: Conversation): void {
    if (!this.state.changeCursors.has(conversation.id)) this.state.changeCursors.set(conversation.id, conversation.last_change_seq);
  }

  /** A live creation or change right after the last one held moves the cursor on; after a gap, the next sync fills it. */
  noteLive(message: Message): void {
    const cursor = this.state.changeCursors.get(message.conversation_id);
    if (cursor !== undefined && message.change_seq === cursor + 1)
      this.state.advanceChangeCursor(message.conversation_id, message.change_seq);
  }

  /** Changed messages: the copies held in a loaded window of history, and the preview, show them as they are now. */
  apply(messages: readonly Message[]): void {
    for (const message of messages) {
      const timeline = this.state.timeline(message.conversation_id);
      // A window ending before the newest holds nothing after its last message: those come, as they are now, with their page.
      const beyond = timeline.hasNewer && message.seq > (timeline.messages.at(-1)?.seq ?? 0);
      const before = timeline.messages.find((held) => held.id === message.id);
      const applied = beyond ? timeline.messages : applyChanges(timeline.messages, [message]);
      if (applied !== timeline.messages) this.state.setTimeline(message.conversation_id, { ...timeline, messages: applied });
      const conversation = this.state.conversation(message.conversation_id);
      if (!conversation) continue;
      const previous = before ?? (conversation.last_message?.id === message.id ? conversation.last_message : undefined);
      let summary = conversation;
      if (previous && isNewer(message, previous)) {
        summary = withMentionChange(conversation, previous, message, this.selfId());
        if (addsMention(previous, message, this.selfId())) this.newlyMentioned$.next(message);
      }
      this.state.putConversation(withMessage(summary, message, this.selfId()));
    }
  }

  /** Where `sync` continues for a conversation; changes are asked for only where history is held (the answer's conversation brings the preview). */
  cursor(conversation: Conversation): SyncCursor {
    const timeline = this.state.timeline(conversation.id);
    const after_seq = syncCursor(timeline, conversation);
    if (!timeline.loaded) return { conversation_id: conversation.id, after_seq };
    return {
      conversation_id: conversation.id,
      after_seq,
      after_change_seq: this.state.changeCursors.get(conversation.id) ?? conversation.last_change_seq,
    };
  }

  /**
   * After a `sync` answer has been applied: each listed conversation is caught up to its counter as read by the server
   * (or to the last change given, while more follow); conversations the user is no longer in are forgotten.
   */
  noteSynced(answer: SyncResponse): void {
    for (const result of answer.results) {
      const last = result.has_more_changes ? result.changes?.at(-1)?.change_seq : result.conversation.last_change_seq;
      if (last !== undefined) this.state.advanceChangeCursor(result.conversation_id, last);
    }
    for (const id of answer.removed) {
      this.state.removeConversation(id);
      if (this.state.activeId() === id) this.state.missing.set({ id, reason: 'You are no longer in this conversation.' });
    }
  }
}

/** Whether `after` mentions the user (someone else's, not deleted) where `before` did not. */
function addsMention(before: Message, after: Message, selfId: string): boolean {
  return after.sender_id !== selfId && after.deleted_at === null && after.mentions.includes(selfId) && !before.mentions.includes(selfId);
}
