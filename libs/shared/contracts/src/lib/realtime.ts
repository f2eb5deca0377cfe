import type { Problem } from './errors';
import type { SessionEndReason } from './auth';
import type { Conversation, Message, User } from './models';

/** Every client → server event is acknowledged with one of these. */
export type Ack<T extends object = object> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: Problem };
export type AckCallback<T extends object = object> = (ack: Ack<T>) => void;

export interface SendMessagePayload {
  readonly conversation_id: string;
  readonly message_id: string;
  /** 1–4000 characters; may be "" (or left out) when `attachment_ids` names at least one file. */
  readonly content: string;
  /** Up to 10 uploads of the sender's not yet in a message (POST /attachments). */
  readonly attachment_ids?: readonly string[];
  /** The message this one answers, of the same conversation. */
  readonly reply_to_id?: string;
}

export interface SyncCursor {
  readonly conversation_id: string;
  /** The highest seq the client holds for this conversation (0 for none). */
  readonly after_seq: number;
  /**
   * The conversation's last_change_seq the client holds: asks for `changes` too — the messages up to `after_seq`
   * that changed since (edits, deletions…). Left out, the result has no `changes`.
   */
  readonly after_change_seq?: number;
}

export interface SyncPayload {
  readonly conversations: readonly SyncCursor[];
}

export interface SyncResult {
  readonly conversation_id: string;
  /** The oldest messages after `after_seq` (at most 100), in their current state. */
  readonly messages: readonly Message[];
  readonly has_more: boolean;
  /** The conversation as it was just before the messages were read. */
  readonly conversation: Conversation;
  /**
   * Only when the cursor had `after_change_seq`: the messages with seq ≤ after_seq whose change_seq is above it, up to
   * `conversation.last_change_seq`, oldest change first, at most 100.
   */
  readonly changes?: readonly Message[];
  /** More changes follow: sync again from the last change's change_seq. */
  readonly has_more_changes?: boolean;
}

export interface SyncResponse {
  readonly results: readonly SyncResult[];
  /** The caller's conversations that the request did not list. */
  readonly conversations: readonly Conversation[];
  /** Listed conversations the caller is not (or no longer) a member of, or that do not exist: forget them. */
  readonly removed: readonly string[];
}

export interface EditMessagePayload {
  /** The message's id (not its message_id). */
  readonly id: string;
  readonly content: string;
  readonly expected_change_seq?: number;
}

export interface DeleteMessagePayload {
  readonly id: string;
}

/** `reaction:add` / `reaction:remove`: the caller's own reaction with one emoji. */
export interface ReactionPayload {
  readonly id: string;
  readonly emoji: string;
}

export interface TypingPayload {
  readonly conversation_id: string;
  readonly typing: boolean;
}

export interface ReadPayload {
  readonly conversation_id: string;
  readonly seq: number;
}

export interface TypingEvent extends TypingPayload {
  readonly user_id: string;
}

export interface ReadEvent extends ReadPayload {
  readonly user_id: string;
}

export interface PresenceEvent {
  readonly user_id: string;
  readonly status: 'online' | 'offline';
  readonly last_seen: string | null;
}

/** Socket.IO events a client may emit; the gateway and the web client are both typed by this map. */
export interface ClientToServerEvents {
  'message:send': (payload: SendMessagePayload, ack: AckCallback<{ message: Message }>) => void;
  'message:edit': (payload: EditMessagePayload, ack: AckCallback<{ message: Message }>) => void;
  'message:delete': (payload: DeleteMessagePayload, ack: AckCallback) => void;
  'reaction:add': (payload: ReactionPayload, ack: AckCallback<{ message: Message }>) => void;
  'reaction:remove': (payload: ReactionPayload, ack: AckCallback<{ message: Message }>) => void;
  sync: (payload: SyncPayload, ack: AckCallback<SyncResponse>) => void;
  typing: (payload: TypingPayload, ack?: AckCallback) => void;
  read: (payload: ReadPayload, ack?: AckCallback<{ seq: number }>) => void;
}

/** Socket.IO events the server emits. */
export interface ServerToClientEvents {
  'message:new': (event: { message: Message }) => void;
  /** A message changed (edited, deleted…): the whole current message. Keep it when its change_seq is above the held copy's. */
  'message:updated': (event: { message: Message }) => void;
  'conversation:new': (event: { conversation: Conversation }) => void;
  /** A conversation of yours changed (members, roles, title), as you see it now. */
  'conversation:updated': (event: { conversation: Conversation }) => void;
  /** You were removed from a conversation, or left it: forget it; nothing of it reaches you any more. */
  'conversation:removed': (event: { conversation_id: string }) => void;
  typing: (event: TypingEvent) => void;
  read: (event: ReadEvent) => void;
  presence: (event: PresenceEvent) => void;
  /** Someone signed up: to every connected device, so directories on screen stay current without a reload. */
  'user:new': (event: { user: User }) => void;
  /** A contact (or the user, from another device) changed their profile. */
  'user:updated': (event: { user: User }) => void;
  /** This device's session has ended; the server disconnects the socket right after. */
  'session:ended': (event: { reason: SessionEndReason }) => void;
}

/** Frames of the original raw WebSocket protocol at `/ws`. */
export type RawClientFrame =
  | { readonly type: 'join'; readonly conversation_id: string }
  | {
      readonly type: 'message';
      readonly message_id: string;
      readonly conversation_id: string;
      readonly content: string;
    };

export type RawServerFrame =
  | { readonly type: 'joined'; readonly conversation_id: string }
  | { readonly type: 'message'; readonly message: Message }
  | { readonly type: 'message_updated'; readonly message: Message }
  | { readonly type: 'conversation_removed'; readonly conversation_id: string }
  | { readonly type: 'error'; readonly reason: string; readonly code?: string };

/*
 * Every event name of both transports, listed once. Each list is checked against its map or union by
 * `satisfies`: an event added to ClientToServerEvents, ServerToClientEvents or a raw frame union breaks the
 * compile until it is listed here — and then until the AsyncAPI document (served at /docs/asyncapi.json)
 * describes it, and an e2e test holds the document to what the server sends.
 */
const clientToServerEvents = {
  'message:send': true,
  'message:edit': true,
  'message:delete': true,
  'reaction:add': true,
  'reaction:remove': true,
  sync: true,
  typing: true,
  read: true,
} as const satisfies Record<keyof ClientToServerEvents, true>;
const serverToClientEvents = {
  'message:new': true,
  'message:updated': true,
  'conversation:new': true,
  'conversation:updated': true,
  'conversation:removed': true,
  typing: true,
  read: true,
  presence: true,
  'user:new': true,
  'user:updated': true,
  'session:ended': true,
} as const satisfies Record<keyof ServerToClientEvents, true>;
const rawClientFrameTypes = { join: true, message: true } as const satisfies Record<RawClientFrame['type'], true>;
const rawServerFrameTypes = {
  joined: true,
  message: true,
  message_updated: true,
  conversation_removed: true,
  error: true,
} as const satisfies Record<RawServerFrame['type'], true>;

export type ClientToServerEventName = keyof typeof clientToServerEvents;
export type ServerToClientEventName = keyof typeof serverToClientEvents;
export type RawClientFrameType = keyof typeof rawClientFrameTypes;
export type RawServerFrameType = keyof typeof rawServerFrameTypes;

export const CLIENT_TO_SERVER_EVENTS = Object.keys(clientToServerEvents) as readonly ClientToServerEventName[];
export const SERVER_TO_CLIENT_EVENTS = Object.keys(serverToClientEvents) as readonly ServerToClientEventName[];
export const RAW_CLIENT_FRAME_TYPES = Object.keys(rawClientFrameTypes) as readonly RawClientFrameType[];
export const RAW_SERVER_FRAME_TYPES = Object.keys(rawServerFrameTypes) as readonly RawServerFrameType[];
