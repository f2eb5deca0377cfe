/** The objects every client sees on the wire (SPEC section 4). Times are ISO 8601 UTC with milliseconds. */

export interface User {
  readonly id: string;
  readonly username: string;
  readonly full_name: string | null;
  /** In the user list: whether any device of the user is connected now. */
  readonly online?: boolean;
  /** In the user list: when the user's last device went offline (null if never seen, or online). */
  readonly last_seen?: string | null;
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
  /** 1, 2, 3 … per conversation with no gaps: the order every client shows. */
  readonly seq: number;
  readonly content: string;
  readonly created_at: string;
}

export interface Conversation {
  readonly id: string;
  readonly title: string | null;
  /** User ids of every member, the caller included. */
  readonly members: readonly string[];
  readonly is_group: boolean;
  readonly created_at: string;
  /** Time of the last activity (creation or newest message). */
  readonly updated_at: string;
  readonly last_seq: number;
  /** The caller's read marker: every message with seq ≤ this has been read. */
  readonly last_read_seq: number;
  readonly unread_count: number;
  readonly last_message: Message | null;
  /** In the conversation list: the presence of the other members. */
  readonly presence?: readonly MemberPresence[];
}
