import type { Conversation, Message } from '@pneumatic/contracts';

/** What this tab holds of one conversation's history: a window of messages in seq order. */
export interface Timeline {
  /** Ascending seq, one entry per message id. */
  readonly messages: readonly Message[];
  /** The newest page has been fetched (until then only live and synced messages are held). */
  readonly loaded: boolean;
  /** Older messages exist on the server before the first one held. */
  readonly hasOlder: boolean;
}

export const EMPTY_TIMELINE: Timeline = { messages: [], loaded: false, hasOlder: false };

/**
 * Merges messages into a seq-ordered list, keyed by id: a message seen twice (the ack and the live event,
 * a sync overlapping a page) is kept once. Returns the same array when nothing is new.
 */
export function mergeMessages(held: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (incoming.length === 0) return held;
  const byId = new Map(held.map((message) => [message.id, message]));
  let added = false;
  for (const message of incoming) {
    if (!byId.has(message.id)) {
      byId.set(message.id, message);
      added = true;
    }
  }
  if (!added) return held;
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * The seq after which `sync` should continue for a conversation. For a loaded timeline: the last seq held
 * without a gap from the first one held, so a missed message is fetched again. Before its history is loaded
 * only the summary matters: the conversation's last seq.
 */
export function syncCursor(timeline: Timeline, conversation: Conversation | undefined): number {
  const { messages } = timeline;
  const lastHeld = messages.at(-1)?.seq ?? 0;
  if (!timeline.loaded || messages.length === 0) return Math.max(conversation?.last_seq ?? 0, lastHeld);
  let cursor = messages[0].seq;
  for (const message of messages) {
    if (message.seq > cursor + 1) break;
    cursor = message.seq;
  }
  return cursor;
}

/** Whether the messages held skip a seq somewhere (a live event outran one that was missed). */
export function hasGap(messages: readonly Message[]): boolean {
  return messages.some((message, index) => index > 0 && message.seq > messages[index - 1].seq + 1);
}

/**
 * A conversation's summary after a message: newer messages move its preview, seq and activity time, and count
 * as unread when someone else wrote them and the reader is not looking; the reader's own message means they
 * have read everything. Older or already-counted messages change nothing.
 */
export function withMessage(conversation: Conversation, message: Message, selfId: string, reading: boolean): Conversation {
  if (message.seq <= conversation.last_seq) return conversation;
  const own = message.sender_id === selfId;
  const read = own || reading;
  return {
    ...conversation,
    last_seq: Math.max(conversation.last_seq, message.seq),
    last_message: message,
    updated_at: message.created_at > conversation.updated_at ? message.created_at : conversation.updated_at,
    unread_count: read ? 0 : conversation.unread_count + 1,
    last_read_seq: read ? Math.max(conversation.last_read_seq, message.seq) : conversation.last_read_seq,
  };
}

/**
 * A fresh copy of a conversation from the server, reconciled with what this tab already knows: members and title
 * come from the server, but a copy older than the messages seen live does not roll the summary back, and the
 * unread count this tab keeps (it clears it when the conversation is read here) only grows by what is new.
 */
export function reconcileConversation(known: Conversation | undefined, fresh: Conversation): Conversation {
  if (!known) return fresh;
  if (fresh.last_seq > known.last_seq) {
    const unread = Math.min(fresh.unread_count, known.unread_count + (fresh.last_seq - known.last_seq));
    return { ...fresh, unread_count: unread, last_read_seq: Math.max(fresh.last_read_seq, known.last_read_seq) };
  }
  return {
    ...fresh,
    last_seq: known.last_seq,
    last_message: known.last_message,
    updated_at: known.updated_at,
    unread_count: known.unread_count,
    last_read_seq: known.last_read_seq,
  };
}
