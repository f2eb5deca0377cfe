/** The objects every client sees on the wire (SPEC section 4). Times are ISO 8601 UTC with milliseconds. */

export interface User {
  readonly id: string;
  readonly username: string;
  readonly full_name: string | null;
  /** Deactivated by an administrator: cannot sign in, left out of the user list; their messages stay. */
  readonly deactivated: boolean;
  /** In the user list: whether any device of the user is connected now. */
  readonly online?: boolean;
  /** In the user list: when the user's last device went offline (null if never seen, or online). */
  readonly last_seen?: string | null;
  /** A signed, expiring link to the user's 128 × 128 px WebP picture; null without one. */
  readonly avatar_url: string | null;
}

/** The signed-in user as `/auth/me` answers: a User, and whether they are an administrator (`ADMIN_USERNAMES`). */
export interface Account extends User {
  readonly administrator: boolean;
}

/** Whether a member is online, and since when they are not. */
export interface MemberPresence {
  readonly user_id: string;
  readonly online: boolean;
  readonly last_seen: string | null;
}

export interface Message {
  readonly id: string;
  /** The client-chosen idempotency key, unique per sender. */
  readonly message_id: string;
  readonly sender_id: string;
  readonly conversation_id: string;
  /** 1, 2, 3 … per conversation with no gaps: the order every client shows. It never changes. */
  readonly seq: number;
  /**
   * When the message last changed (its creation, an edit, a deletion…), on the conversation's change counter: of two
   * copies of one message, the one with the higher change_seq is the current one.
   */
  readonly change_seq: number;
  /** "" once deleted. */
  readonly content: string;
  readonly created_at: string;
  /** When the text was last edited; null until then. */
  readonly edited_at: string | null;
  /** When the message was deleted (a tombstone keeps its place); null until then. */
  readonly deleted_at: string | null;
  /** The files sent with it, in the order given; [] for none (and once deleted). */
  readonly attachments: readonly Attachment[];
  /** Its reactions, in the order each emoji was first used; [] once deleted. */
  readonly reactions: readonly Reaction[];
  /** The message it answers, as that one is now; null when it answers none. */
  readonly reply_to: ReplyPreview | null;
  /** The members its text mentions (`@username`), each once, in the order first mentioned; [] once deleted. */
  readonly mentions: readonly string[];
  /** `system`: the server's record of a change to the group (members, roles, title); nobody edits, deletes or reacts to it. */
  readonly kind: MessageKind;
  /** What a system message records; null for a user's message. */
  readonly system: SystemEvent | null;
}

/** A file uploaded to be sent in a message (SPEC 10.6). */
export interface Attachment {
  readonly id: string;
  /** The name it was uploaded with, without any folder part. */
  readonly filename: string;
  /** Detected from the file's bytes, not taken from the client. */
  readonly content_type: string;
  /** In bytes. */
  readonly size: number;
  /** Images (PNG, JPEG, GIF, WebP): their size in pixels; null for other files. */
  readonly width: number | null;
  readonly height: number | null;
  /** A signed, expiring download link (works in `<img src>` without a token). */
  readonly url: string;
  /** Images: a signed link to a WebP of at most 320 px; null for other files. */
  readonly thumbnail_url: string | null;
}

export type MessageKind = 'user' | 'system';

/** The changes to a group that a system message records (SPEC 10.4). */
export const SYSTEM_EVENT_TYPES = ['member_added', 'member_removed', 'member_left', 'role_changed', 'renamed'] as const;
export type SystemEventType = (typeof SYSTEM_EVENT_TYPES)[number];

/** A member's standing in a group. */
export const MEMBER_ROLES = ['admin', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface SystemEvent {
  readonly type: SystemEventType;
  /** Who made the change (also the message's sender_id). */
  readonly actor_id: string;
  /** Whom it concerns: those added or removed, the one who left, the one whose role changed; [] for a rename. */
  readonly user_ids: readonly string[];
  /** The new title for `renamed` (null when it was cleared); null otherwise. */
  readonly title: string | null;
}

/** What a reply shows of the message it answers, built from that message as it is now. */
export interface ReplyPreview {
  readonly id: string;
  readonly seq: number;
  readonly sender_id: string;
  /** Its first 200 code points; "" once it is deleted. */
  readonly excerpt: string;
  readonly deleted: boolean;
}

/** One emoji on a message and who gave it. */
export interface Reaction {
  /** One Unicode emoji, exactly as it was sent. */
  readonly emoji: string;
  readonly count: number;
  /** Who reacted with it, in the order they did. */
  readonly user_ids: readonly string[];
}

/** A text a message had before an edit replaced it. */
export interface MessageRevision {
  readonly content: string;
  /** When the edit that replaced this text was made. */
  readonly edited_at: string;
}

export interface Conversation {
  readonly id: string;
  readonly title: string | null;
  /** User ids of every member, the caller included. */
  readonly members: readonly string[];
  readonly is_group: boolean;
  /** The members who manage the group (add, remove, rename, change roles); [] for a 1-on-1. */
  readonly admins: readonly string[];
  readonly created_at: string;
  /** Time of the last activity (creation or newest message). */
  readonly updated_at: string;
  readonly last_seq: number;
  /** The newest change_seq of the conversation's messages: a client holding it has seen every change (SPEC 10.1). */
  readonly last_change_seq: number;
  /** The caller's read marker: every message with seq ≤ this has been read. */
  readonly last_read_seq: number;
  readonly unread_count: number;
  /** Of the unread messages, how many mention the caller (deleted ones never count). */
  readonly unread_mentions: number;
  /** The caller muted it: no notifications (its unread messages still count). */
  readonly muted: boolean;
  readonly last_message: Message | null;
  /** The presence of the other members. */
  readonly presence?: readonly MemberPresence[];
  /** The read markers of the other members (for read ticks). */
  readonly read_markers?: readonly ReadMarker[];
}

/** How far a member has read a conversation. */
export interface ReadMarker {
  readonly user_id: string;
  readonly last_read_seq: number;
}
