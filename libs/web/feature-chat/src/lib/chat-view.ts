import {
  replyExcerpt,
  type Attachment,
  type Mentionable,
  type Conversation,
  type Message,
  type ReplyPreview,
  type User,
} from '@pneumatic/contracts';
import { displayName, type PendingMessage, type PresenceState } from '@pneumatic/web/data-access';
import { dayKey, type MessageDeliveryState } from '@pneumatic/web/ui';

/** A row of the conversation list. */
export interface ConversationItem {
  readonly id: string;
  readonly name: string;
  readonly preview: string;
  /** Last activity (ISO). */
  readonly time: string;
  readonly unread: number;
  /** Unread messages that mention the user: a distinct badge. */
  readonly mentions: number;
  /** Muted by the user: shown quieter, and never notifies. */
  readonly muted: boolean;
  readonly isGroup: boolean;
  /** Whose colours the avatar takes: the other person of a 1-on-1, else the group itself. */
  readonly avatarSeed: string;
  /** The other person's picture in a 1-on-1; null for a group or without one. */
  readonly avatarUrl: string | null;
  /** A 1-on-1 whose other person is online now. */
  readonly online: boolean;
  /** Who is typing there, in words ("typing…" in a 1-on-1), or null. */
  readonly typing: string | null;
}

/** What the conversation list shows live besides the conversations: who is online, who is typing where. */
export interface LiveActivity {
  readonly presence: ReadonlyMap<string, PresenceState>;
  /** Conversation id → the ids of the other members typing there. */
  readonly typing: ReadonlyMap<string, readonly string[]>;
}

const NO_ACTIVITY: LiveActivity = { presence: new Map(), typing: new Map() };

/** A message as the history shows it: a stored one, or one of the user's own still on its way. */
export interface TimelineEntry {
  /** Stable from pending to stored (sender + idempotency key), so the row is not redrawn when confirmed. */
  readonly key: string;
  readonly messageId: string;
  /** Its place in the conversation; null while it is on its way. */
  readonly seq: number | null;
  readonly content: string;
  readonly senderId: string;
  readonly sender: string;
  /** The first of a run of someone else's messages: their avatar, name and the time go above it. */
  readonly showSender: boolean;
  /** The first of a run (anyone's): its time is written; the others show theirs on hover. */
  readonly runStart: boolean;
  readonly time: string;
  readonly own: boolean;
  readonly state: MessageDeliveryState;
  readonly error: string | null;
  /** The first message of its day: a day separator goes before it. */
  readonly newDay: boolean;
  /** The first message that was unread when the conversation was opened: the "New messages" line goes before it. */
  readonly firstUnread: boolean;
  /** The stored message (null while the user's own is on its way). */
  readonly stored: Message | null;
  readonly edited: boolean;
  readonly deleted: boolean;
  /** The sender's picture, if they have one. */
  readonly senderAvatar: string | null;
  /** The files sent with it (stored messages; a pending one shows those it carries). */
  readonly attachments: readonly Attachment[];
  /** The server's record of a change to the group ("alice added bob"): a quiet centred line, not a bubble. */
  readonly system: boolean;
  /** The message it answers, as that one is now. */
  readonly quote: Quote | null;
  /** The members it mentions, to mark in its text; [] for most messages. */
  readonly mentions: readonly MentionName[];
  /** Someone else's message that mentions the user: it stands out. */
  readonly mentionsMe: boolean;
}

/** A mentioned member as the text marks them; `me` is the user. */
export interface MentionName extends Mentionable {
  readonly me: boolean;
}

const NO_MENTIONS: readonly MentionName[] = [];

/** What a reply shows of the message it answers. */
export interface Quote {
  readonly id: string;
  readonly seq: number;
  readonly sender: string;
  readonly excerpt: string;
  readonly deleted: boolean;
}

/** What the history marks besides the messages themselves. */
export interface TimelineMarks {
  /** How far the other person of a 1-on-1 has read: the user's own messages up to it show as read. */
  readonly peerReadSeq?: number;
  /** The first message unread when the conversation was opened, if any. */
  readonly firstUnreadSeq?: number | null;
}

type Users = ReadonlyMap<string, User>;

/** "Alice is typing…", "Alice and Bob are typing…", "Several people are typing…"; '' when nobody is. */
export function typingLine(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}

/** The other person of a 1-on-1 (undefined for a group, or a 1-on-1 with oneself). */
export function peerOf(conversation: Conversation, selfId: string): string | undefined {
  return conversation.is_group ? undefined : conversation.members.find((id) => id !== selfId);
}

/** A conversation's avatar is its other person's in a 1-on-1 (the same colours as in People), else the group's own. */
export function avatarSeed(conversation: Conversation, selfId: string): string {
  return peerOf(conversation, selfId) ?? conversation.id;
}

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

export function conversationItem(
  conversation: Conversation,
  selfId: string,
  users: Users,
  live: LiveActivity = NO_ACTIVITY,
): ConversationItem {
  const last = conversation.last_message;
  const peer = peerOf(conversation, selfId);
  const typists = live.typing.get(conversation.id) ?? [];
  let preview = 'No messages yet';
  if (last) {
    const author = last.sender_id === selfId ? 'You' : conversation.is_group ? displayName(users.get(last.sender_id)) : null;
    const files = last.attachments?.length ?? 0;
    const filesText = files === 0 ? '' : files === 1 ? `📎 ${last.attachments[0].filename}` : `📎 ${files} files`;
    const text = last.deleted_at ? 'This message was deleted' : [last.content, filesText].filter(Boolean).join(' ');
    preview = author && last.kind !== 'system' ? `${author}: ${text}` : text;
  }
  return {
    id: conversation.id,
    name: conversationName(conversation, selfId, users),
    preview: preview.replace(/\s+/g, ' ').slice(0, 140),
    time: conversation.updated_at,
    unread: conversation.unread_count,
    mentions: conversation.unread_mentions,
    muted: conversation.muted,
    isGroup: conversation.is_group,
    avatarSeed: avatarSeed(conversation, selfId),
    avatarUrl: peer ? (users.get(peer)?.avatar_url ?? null) : null,
    online: peer !== undefined && (live.presence.get(peer)?.online ?? false),
    typing: typists.length === 0 ? null : peer ? 'typing…' : typingLine(typists.map((id) => displayName(users.get(id)))),
  };
}

/**
 * The history in display order: stored messages by seq, then the user's pending ones in the order written, with day
 * separators, runs of one person's messages (a few minutes apart at most: one avatar, name and time for the run), the
 * "New messages" line, and the user's own messages up to `peerReadSeq` shown as read.
 */
export function timelineEntries(
  messages: readonly Message[],
  pending: readonly PendingMessage[],
  selfId: string,
  users: Users,
  marks: TimelineMarks = {},
): TimelineEntry[] {
  const { peerReadSeq = 0, firstUnreadSeq = null } = marks;
  const entries: TimelineEntry[] = [];
  const held = new Map(messages.map((message) => [message.id, message]));
  const name = (id: string) => (id === selfId ? 'You' : displayName(users.get(id)));
  /**
   * A reply's quote, from the original as this tab holds it now when it does (so an edit or a deletion that arrived
   * since shows at once, as SPEC 10.3 asks of clients), else from the server's preview.
   */
  const quoteOf = (replyTo: ReplyPreview | null | undefined, replyToId?: string): Quote | null => {
    const original = held.get(replyTo?.id ?? replyToId ?? '');
    if (original) {
      const deleted = original.deleted_at !== null;
      return {
        id: original.id,
        seq: original.seq,
        sender: name(original.sender_id),
        excerpt: deleted ? '' : replyExcerpt(original.content),
        deleted,
      };
    }
    return replyTo
      ? { id: replyTo.id, seq: replyTo.seq, sender: name(replyTo.sender_id), excerpt: replyTo.excerpt, deleted: replyTo.deleted }
      : null;
  };
  const add = (
    message: {
      senderId: string;
      messageId: string;
      seq: number | null;
      content: string;
      time: string;
      quote: Quote | null;
      attachments: readonly Attachment[];
    },
    state: MessageDeliveryState,
    error: string | null,
    stored: Message | null = null,
  ) => {
    const previous = entries.at(-1);
    const own = message.senderId === selfId;
    const newDay = !previous || dayKey(previous.time) !== dayKey(message.time);
    const firstUnread = message.seq !== null && message.seq === firstUnreadSeq;
    const close = previous !== undefined && Date.parse(message.time) - Date.parse(previous.time) < RUN_GAP_MS;
    // The "New messages" line breaks a run too: what follows it reads as a fresh start.
    const system = stored?.kind === 'system';
    // A system line stands alone: the messages after it start a run of their own.
    const runStart = newDay || firstUnread || !close || previous?.senderId !== message.senderId || system || previous?.system === true;
    entries.push({
      key: `${message.senderId}:${message.messageId}`,
      messageId: message.messageId,
      seq: message.seq,
      content: message.content,
      senderId: message.senderId,
      sender: own ? 'You' : displayName(users.get(message.senderId)),
      showSender: !own && runStart,
      runStart,
      time: message.time,
      own,
      state,
      error,
      newDay,
      firstUnread,
      stored,
      edited: stored?.edited_at != null,
      deleted: stored?.deleted_at != null,
      senderAvatar: users.get(message.senderId)?.avatar_url ?? null,
      attachments: message.attachments,
      quote: stored?.deleted_at != null ? null : message.quote,
      system,
      mentions: stored && stored.mentions.length > 0 ? mentionNames(stored.mentions, users, selfId) : NO_MENTIONS,
      mentionsMe: !own && stored !== null && stored.mentions.includes(selfId),
    });
  };
  for (const message of messages) {
    const state = message.sender_id === selfId && message.seq <= peerReadSeq ? 'read' : 'sent';
    const { sender_id: senderId, message_id: messageId, seq, content, created_at: time } = message;
    add(
      { senderId, messageId, seq, content, time, quote: quoteOf(message.reply_to), attachments: message.attachments ?? [] },
      state,
      null,
      message,
    );
  }
  for (const entry of pending) {
    const state = entry.status === 'failed' && entry.transient ? 'queued' : entry.status;
    const quote = entry.reply_to_id ? quoteOf(undefined, entry.reply_to_id) : null;
    add(
      {
        senderId: selfId,
        messageId: entry.message_id,
        seq: null,
        content: entry.content,
        time: entry.created_at,
        quote,
        attachments: entry.attachments ?? [],
      },
      state,
      entry.error,
    );
  }
  return entries;
}

/** The usernames of mentioned members this tab knows (a user not loaded yet is left unmarked until then). */
function mentionNames(ids: readonly string[], users: Users, selfId: string): MentionName[] {
  return ids.flatMap((id) => {
    const username = users.get(id)?.username;
    return username ? [{ id, username, me: id === selfId }] : [];
  });
}
