import type { Conversation, MemberRole, Message, MessageRevision, User } from './models';

export interface UsersQuery {
  /** Prefix of the username or the full name. */
  readonly q?: string;
  readonly limit?: number;
  /** Comma-separated ids: exactly these users (e.g. the members of a conversation). */
  readonly ids?: string;
}

export interface UsersResponse {
  readonly users: readonly User[];
}

export interface CreateConversationRequest {
  readonly title?: string | null;
  /** The other members; the caller is always added. */
  readonly member_ids: readonly string[];
  readonly is_group?: boolean;
}

/** `POST /conversations/{id}/members`: users to add (those already in are ignored). */
export interface AddMembersRequest {
  readonly user_ids: readonly string[];
}

/** `PUT /conversations/{id}/members/{user_id}`. */
export interface SetRoleRequest {
  readonly role: MemberRole;
}

/** `PATCH /conversations/{id}`: a group's new title (null clears it). */
export interface UpdateConversationRequest {
  readonly title: string | null;
}

export interface ConversationsResponse {
  readonly conversations: readonly Conversation[];
}

export interface MessagesQuery {
  readonly limit?: number;
  readonly before_seq?: number;
  readonly after_seq?: number;
}

export interface MessagesPage {
  readonly messages: readonly Message[];
  /** Older messages exist (default and `before_seq`), or newer ones do (`after_seq`). */
  readonly has_more: boolean;
}

export interface SendMessageRequest {
  readonly message_id: string;
  readonly conversation_id: string;
  readonly content: string;
  readonly attachment_ids?: readonly string[];
  /** The message this one answers, of the same conversation. */
  readonly reply_to_id?: string;
  /** Accepted for compatibility with the original clients; must be the caller. */
  readonly sender_id?: string;
}

export interface EditMessageRequest {
  readonly content: string;
  /** The change_seq the editor saw: when the message changed since, the edit is refused (409 EDIT_CONFLICT). */
  readonly expected_change_seq?: number;
}

export interface RevisionsResponse {
  /** The texts before each edit, oldest first (the current text is not among them). */
  readonly revisions: readonly MessageRevision[];
}

export interface ChangesQuery {
  /** The conversation's last_change_seq the client holds (0: from the beginning). */
  readonly after_change_seq?: number;
  readonly limit?: number;
}

export interface ChangesPage {
  /** Every message whose change_seq is above the cursor, in its current state, oldest change first. */
  readonly messages: readonly Message[];
  /** More changes follow: ask again after the last message's change_seq. */
  readonly has_more: boolean;
  /** The conversation's change counter when the page was read; once has_more is false, the next cursor. */
  readonly last_change_seq: number;
}

export interface ReadRequest {
  readonly seq: number;
}

export interface HealthResponse {
  readonly status: 'healthy';
}

export interface ReadinessResponse {
  readonly status: 'ready' | 'not ready';
  readonly checks: Readonly<Record<string, 'up' | 'down'>>;
}

/** `GET /admin/users`: everyone, deactivated users included, for administrators. */
export interface AdminUsersQuery {
  readonly q?: string;
  readonly limit?: number;
}

/** `PUT /conversations/{id}/settings`: the caller's own settings of a conversation. */
export interface ConversationSettingsRequest {
  readonly muted: boolean;
}
