import type { Conversation, Message, User } from '@pneumatic/contracts';
import { displayName, type PendingMessage } from '@pneumatic/web/data-access';
import { dayKey, type MessageDeliveryState } from '@pneumatic/web/ui';

/** A row of the conversation list. */
export interface ConversationItem {
  readonly id: string;
  readonly name: string;
  readonly preview: string;
  /** Last activity (ISO). */
  readonly time: string;
  readonly unread: number;
  readonly isGroup: boolean;
}

/** A message as the history shows it: a stored one, or one of the user's own still on its way. */
export interface TimelineEntry {
  /** Stable from pending to stored (sender + idempotency key), so the row is not redrawn when confirmed. */
  readonly key: string;
  readonly messageId: string;
  readonly content: string;
  readonly sender: string;
  readonly showSender: boolean;
  readonly time: string;
  readonly own: boolean;
  readonly state: MessageDeliveryState;
  readonly error: string | null;
  /** The first message of its day: a day separator goes before it. */
  readonly newDay: boolean;
}

type Users = ReadonlyMap<string, User>;

/** Messages this close together from one person read as one run: the name is written once. */
const RUN_GAP_MS = 5 * 60_000;

/** A 1-on-1 is named after the other person; a group by its title, else by its members. */
export function conversationName(conversation: Conversation, selfId: string, users: Users): string {
  const others = conversation.members.filter((id) => id !== selfId);
  if (!conversation.is_group) return others.length ? displayName(users.get(others[0])) : 'Only you';
  if (conversation.title?.trim()) return conversation.title.trim();
  const names = others.map((id) => displayName(users.get(id)));
  if (names.length === 0) return 'Only you';
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

export function conversationItem(conversation: Conversation, selfId: string, users: Users): ConversationItem {
  const last = conversation.last_message;
  let preview = 'No messages yet';
  if (last) {
    const author = last.sender_id === selfId ? 'You' : conversation.is_group ? displayName(users.get(last.sender_id)) : null;
    preview = author ? `${author}: ${last.content}` : last.content;
  }
  return {
    id: conversation.id,
    name: conversationName(conversation, selfId, users),
    preview: preview.replace(/\s+/g, ' ').slice(0, 140),
    time: conversation.updated_at,
    unread: conversation.unread_count,
    isGroup: conversation.is_group,
  };
}

/**
 * The history in display order: stored messages by seq, then the user's pending ones in the order written,
 * with day separators and the sender's name at the start of each run.
 */
export function timelineEntries(
  messages: readonly Message[],
  pending: readonly PendingMessage[],
  selfId: string,
  users: Users,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const add = (senderId: string, messageId: string, content: string, time: string, state: MessageDeliveryState, error: string | null) => {
    const previous = entries.at(-1);
    const own = senderId === selfId;
    const newDay = !previous || dayKey(previous.time) !== dayKey(time);
    const sameRun = previous && !newDay && previous.own === own && previous.key.startsWith(`${senderId}:`);
    const close = previous && Date.parse(time) - Date.parse(previous.time) < RUN_GAP_MS;
    entries.push({
      key: `${senderId}:${messageId}`,
      messageId,
      content,
      sender: own ? 'You' : displayName(users.get(senderId)),
      showSender: !own && !(sameRun && close),
      time,
      own,
      state,
      error,
      newDay,
    });
  };
  for (const message of messages) add(message.sender_id, message.message_id, message.content, message.created_at, 'sent', null);
  for (const entry of pending) {
    const state = entry.status === 'failed' && entry.transient ? 'queued' : entry.status;
    add(selfId, entry.message_id, entry.content, entry.created_at, state, entry.error);
  }
  return entries;
}
