import type { Conversation, Message } from '@pneumatic/contracts';

/**
 * What this tab holds of one conversation's history: one window of messages in seq order, without holes once loaded.
 * It reaches the newest message, or (opened at the first unread, scrolled back) ends before it: `hasNewer`.
 */
export interface Timeline {
  /** Ascending seq, one entry per message id. */
  readonly messages: readonly Message[];
  /** A page of history has been fetched (until then only live and synced messages are held). */
  readonly loaded: boolean;
  /** Older messages exist on the server before the first one held. */
  readonly hasOlder: boolean;
  /** Newer messages exist on the server after the last one held, and are not held (the window ends before them). */
  readonly hasNewer: boolean;
}

export const EMPTY_TIMELINE: Timeline = { messages: [], loaded: false, hasOlder: false, hasNewer: false };

/** Of two copies of one message, the current one: the higher change_seq (SPEC 10.1). */
export const isNewer = (incoming: Message, held: Message | undefined): boolean => !held || incoming.change_seq > held.change_seq;

/**
 * Merges messages into a seq-ordered list, keyed by id: a message seen twice (the ack and the live event,
 * a sync overlapping a page) is kept once, in its newest state. Returns the same array when nothing changed.
 */
export function mergeMessages(held: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (incoming.length === 0) return held;
  const byId = new Map(held.map((message) => [message.id, message]));
  let changed = false;
  for (const message of incoming) {
    if (isNewer(message, byId.get(message.id))) {
      byId.set(message.id, message);
      changed = true;
    }
  }
  if (!changed) return held;
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * Applies changed messages (edits, deletions…) to the window of history held: those inside it replace older copies;
 * those before it are left for when that page is loaded. Returns the same array when nothing changed.
 */
export function applyChanges(held: readonly Message[], changed: readonly Message[]): readonly Message[] {
  const first = held[0]?.seq;
  if (first === undefined) return held;
  return mergeMessages(
    held,
    changed.filter((message) => message.seq >= first),
  );
}

/**
 * The seq after which `sync` should continue for a conversation. For a loaded timeline: the last seq held
 * without a gap from the first one held, so a missed message is fetched again. Before its history is loaded, or
 * when its window ends before the newest messages (which are fetched page by page as the reader gets there), only
 * the summary matters: the conversation's last seq.
 */
export function syncCursor(timeline: Timeline, conversation: Conversation | undefined): number {
  const { messages } = timeline;
  const lastHeld = messages.at(-1)?.seq ?? 0;
  if (!timeline.loaded || timeline.hasNewer || messages.length === 0) return Math.max(conversation?.last_seq ?? 0, lastHeld);
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
 * A conversation's summary after a message: newer messages move its preview, seq and activity time, and count as
 * unread unless the reader wrote them (a member's own message means they have read everything before it). Older or
 * already-counted messages change nothing. Whether the reader is looking is decided elsewhere (a read marker).
 */
export function withMessage(conversation: Conversation, message: Message, selfId: string): Conversation {
  if (message.seq <= conversation.last_seq) {
    // The newest message changed (an edit, a deletion): the preview shows it as it is now.
    const last = conversation.last_message;
    return last?.id === message.id && isNewer(message, last) ? { ...conversation, last_message: message } : conversation;
  }
  const lastRead = message.sender_id === selfId ? Math.max(conversation.last_read_seq, message.seq) : conversation.last_read_seq;
  const unread = Math.max(0, message.seq - lastRead);
  const mentionsReader = message.sender_id !== selfId && message.mentions.includes(selfId);
  return {
    ...conversation,
    last_seq: message.seq,
    last_message: message,
    updated_at: message.created_at > conversation.updated_at ? message.created_at : conversation.updated_at,
    last_read_seq: lastRead,
    unread_count: unread,
    unread_mentions: unread === 0 ? 0 : conversation.unread_mentions + (mentionsReader ? 1 : 0),
  };
}

/**
 * A conversation's unread mentions after a change of one of its unread messages, of which `before` is the copy held
 * until now: an edit that adds or removes a mention of the reader, or a deletion, moves the count (SPEC 10.3).
 */
export function withMentionChange(conversation: Conversation, before: Message, after: Message, selfId: string): Conversation {
  if (after.seq <= conversation.last_read_seq || after.sender_id === selfId) return conversation;
  const was = before.mentions.includes(selfId);
  const is = after.mentions.includes(selfId);
  if (was === is) return conversation;
  const count = Math.max(0, conversation.unread_mentions + (is ? 1 : -1));
  return { ...conversation, unread_mentions: Math.min(count, conversation.unread_count) };
}

/**
 * A fresh copy of a conversation from the server, reconciled with what this tab already knows: members and title
 * come from the server, but a copy older than the messages seen live does not roll the summary back, and neither
 * copy's read marker moves back (this tab may have read further than the server has heard yet, or another device
 * further than this tab has heard). The unread count is what lies after the marker.
 */
export function reconcileConversation(known: Conversation | undefined, fresh: Conversation): Conversation {
  if (!known) return fresh;
  // A copy older than what this tab saw live: fewer messages, or the same newest message before a later edit of it.
  const knownIsNewer =
    known.last_seq > fresh.last_seq ||
    (known.last_seq === fresh.last_seq && (known.last_message?.change_seq ?? 0) > (fresh.last_message?.change_seq ?? 0));
  const newer = knownIsNewer ? known : fresh;
  const lastRead = Math.max(fresh.last_read_seq, known.last_read_seq);
  return {
    ...fresh,
    last_seq: newer.last_seq,
    last_message: newer.last_message,
    updated_at: newer.updated_at,
    last_read_seq: lastRead,
    unread_count: Math.max(0, newer.last_seq - lastRead),
    unread_mentions: Math.min(newer.unread_mentions, Math.max(0, newer.last_seq - lastRead)),
  };
}

/**
 * A conversation's summary once its reader's marker is at `seq` or beyond: the marker never moves back, and the
 * unread count is what lies after it (a member's own messages count as read). A marker from another device may be
 * ahead of the messages this tab has seen; they count as read when they arrive.
 */
export function withReadMarker(conversation: Conversation, seq: number): Conversation {
  const lastRead = Math.max(conversation.last_read_seq, seq);
  const unread = Math.max(0, conversation.last_seq - lastRead);
  if (lastRead === conversation.last_read_seq && unread === conversation.unread_count) return conversation;
  // Which of the unread messages mention the reader is the server's to count: all read is none, fewer left, no more.
  const mentions = Math.min(conversation.unread_mentions, unread);
  return { ...conversation, last_read_seq: lastRead, unread_count: unread, unread_mentions: mentions };
}
