import type { Conversation, Message, User } from './models';

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
  /** Accepted for compatibility with the original clients; must be the caller. */
  readonly sender_id?: string;
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
