import {
  LIMITS,
  MESSAGE_ID_PATTERN,
  SESSION_END_REASONS,
  type ClientToServerEventName,
  type RawClientFrameType,
  type RawServerFrameType,
  type ServerToClientEventName,
} from '@pneumatic/contracts';
import { SYNC_CURSORS_MAX } from '../../messages/dto/sync.dto';
import { JsonSchema, schemaRef } from './json-schema';

/**
 * Every event of both real-time transports, described for the AsyncAPI document. Each record is typed by
 * the event names of @pneumatic/contracts, so an event added to the contract does not compile until it is
 * described here: add an entry with its payload (and, for client events, the fields of its `ok` ack).
 */
export interface EventDoc {
  readonly summary: string;
  readonly description?: string;
  readonly payload: JsonSchema;
}

export interface ClientEventDoc extends EventDoc {
  /** The fields of `{ok: true, …}`; every event may also be answered `{ok: false, error: Problem}`. */
  readonly ack: { readonly properties: Readonly<Record<string, JsonSchema>> };
}

const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const ATTACHMENT_IDS: JsonSchema = {
  type: 'array',
  items: uuid,
  maxItems: LIMITS.attachmentsPerMessage,
  uniqueItems: true,
  description: 'Up to 10 of your uploads (`POST /attachments`) not yet in a message',
};
const seq: JsonSchema = { type: 'integer', minimum: 0, maximum: 2 ** 31 - 1 };
const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
const object = (properties: Readonly<Record<string, JsonSchema>>, optional: readonly string[] = []): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties).filter((name) => !optional.includes(name)),
  properties,
});

export const CLIENT_EVENTS: Readonly<Record<ClientToServerEventName, ClientEventDoc>> = {
  'message:send': {
    summary: 'Send a message; acked only after it is committed, so an acked message is never lost',
    description:
      'The same rules as `POST /messages`. Idempotent per (sender, `message_id`): resending with the same key and content after a ' +
      'lost ack answers the stored message; the same key with other content is `CONFLICT`. Every device of every member, the ' +
      'sending one included, then gets `message:new`.',
    payload: object(
      {
        conversation_id: uuid,
        message_id: { type: 'string', pattern: MESSAGE_ID_PATTERN.source, description: 'Your idempotency key', examples: ['web-1f3a:17'] },
        content: {
          type: 'string',
          maxLength: LIMITS.contentMax,
          description: 'Not only white space; counted in code points; 1 to 4000, or "" (or left out) when `attachment_ids` names a file',
        },
        attachment_ids: ATTACHMENT_IDS,
        reply_to_id: { ...uuid, description: 'The message this one answers: one of the same conversation' },
      },
      ['content', 'attachment_ids', 'reply_to_id'],
    ),
    ack: { properties: { message: schemaRef('Message') } },
  },
  'message:edit': {
    summary: 'Edit your message: the same rules as `PATCH /messages/{id}`',
    description:
      'Only the author; not a deleted or system message (`CONFLICT`); within `MESSAGE_EDIT_WINDOW` (else `EDIT_WINDOW_PASSED`). With ' +
      '`expected_change_seq` no longer current, `EDIT_CONFLICT`: two devices editing at once never silently lose one. The same content ' +
      'changes nothing. Every device of every member gets `message:updated`; the earlier text is kept (`GET /messages/{id}/revisions`).',
    payload: object(
      {
        id: { ...uuid, description: 'The message’s id (not its message_id)' },
        content: { type: 'string', minLength: 1, maxLength: LIMITS.contentMax },
        expected_change_seq: { type: 'integer', minimum: 1, description: 'The change_seq of the message as you saw it' },
      },
      ['expected_change_seq'],
    ),
    ack: { properties: { message: schemaRef('Message') } },
  },
  'message:delete': {
    summary: 'Delete a message (its author, or an admin of the group): it stays in its place as a tombstone',
    description:
      'Deleting a deleted message succeeds again. Every device of every member gets `message:updated` with `content` "" and `deleted_at` set.',
    payload: object({ id: uuid }),
    ack: { properties: {} },
  },
  'reaction:add': {
    summary: 'React to a message: the same rules as `PUT /messages/{id}/reactions/{emoji}`',
    description:
      'One Unicode emoji (ZWJ sequences, flags and skin tones count as one). Idempotent. At most ' +
      `${LIMITS.reactionsPerMessage} different emoji on a message, none on a deleted one (\`CONFLICT\`). Every device of every member ` +
      'gets `message:updated` with the new `reactions`.',
    payload: object({ id: uuid, emoji: { type: 'string', description: 'One Unicode emoji, as is (not percent-encoded)', examples: ['👍'] } }),
    ack: { properties: { message: schemaRef('Message') } },
  },
  'reaction:remove': {
    summary: 'Take your reaction away: the same rules as `DELETE /messages/{id}/reactions/{emoji}`',
    description: 'Idempotent: taking away a reaction that is not there changes nothing. Otherwise every member’s devices get `message:updated`.',
    payload: object({ id: uuid, emoji: { type: 'string', description: 'One Unicode emoji', examples: ['👍'] } }),
    ack: { properties: { message: schemaRef('Message') } },
  },
  sync: {
    summary: 'Catch up after a disconnect: the messages after each cursor, the changes since, the conversations not listed',
    description:
      `Per listed conversation, the oldest ${LIMITS.syncPageMax} messages with \`seq\` > \`after_seq\`, ascending and in their current ` +
      'state, with `has_more` when more exist (repeat from the last seq you got), and the conversation as it is. With ' +
      '`after_change_seq`, also `changes`: the messages with `seq` ≤ `after_seq` whose `change_seq` is above it (edits, deletions), ' +
      `oldest change first, at most ${LIMITS.syncPageMax}, and \`has_more_changes\`. \`conversations\` holds the caller’s conversations ` +
      'the request did not list; `removed` the listed ones the caller is not (or no longer) in, or that do not exist: forget them.',
    payload: object({
      conversations: {
        type: 'array',
        maxItems: SYNC_CURSORS_MAX,
        items: object(
          {
            conversation_id: uuid,
            after_seq: { ...seq, description: 'The highest seq you hold (0 for none)' },
            after_change_seq: { ...seq, description: 'The last_change_seq you hold: asks for `changes` too' },
          },
          ['after_change_seq'],
        ),
      },
    }),
    ack: {
      properties: {
        results: {
          type: 'array',
          items: object(
            {
              conversation_id: uuid,
              messages: { type: 'array', maxItems: LIMITS.syncPageMax, items: schemaRef('Message') },
              has_more: { type: 'boolean' },
              conversation: schemaRef('Conversation'),
              changes: { type: 'array', maxItems: LIMITS.syncPageMax, items: schemaRef('Message') },
              has_more_changes: { type: 'boolean' },
            },
            ['changes', 'has_more_changes'],
          ),
        },
        conversations: { type: 'array', items: schemaRef('Conversation') },
        removed: { type: 'array', items: uuid, description: 'Listed conversations to forget' },
      },
    },
  },
  typing: {
    summary: 'Say you are typing (true) or stopped (false) in a conversation',
    description:
      'Relayed to the other members at most every 1.5 s per user and conversation; it turns itself off after 5 s without a refresh.',
    payload: object({ conversation_id: uuid, typing: { type: 'boolean' } }),
    ack: { properties: {} },
  },
  read: {
    summary: 'Move your read marker forward to `seq` (never back, never past the newest message)',
    description: 'Every device of every member gets `read` when it moves. REST twin: `POST /conversations/{id}/read`.',
    payload: object({ conversation_id: uuid, seq }),
    ack: { properties: { seq: { ...seq, description: 'Your marker afterwards' } } },
  },
};

export const SERVER_EVENTS: Readonly<Record<ServerToClientEventName, EventDoc>> = {
  'message:new': {
    summary: 'A new message in one of your conversations, to every device of every member (the sender’s included: dedupe by `id`)',
    description:
      'A client that does not know the conversation fetches it (`GET /conversations/{id}`). A gap in `seq` means something was missed: `sync`.',
    payload: object({ message: schemaRef('Message') }),
  },
  'message:updated': {
    summary: 'A message changed (edited, deleted): the whole current message, to every device of every member',
    description: 'Keep it when its `change_seq` is above the copy you hold; update the reply previews that quote it.',
    payload: object({ message: schemaRef('Message') }),
  },
  'conversation:new': {
    summary: 'A conversation you were added to (or created), as you see it',
    description: 'Added to a group: it comes before the system message that says so, and every message after it.',
    payload: object({ conversation: schemaRef('Conversation') }),
  },
  'conversation:updated': {
    summary: 'A conversation of yours changed — members, admins, title — as you see it now, to every device of every member',
    description: 'It follows the system message (`message:new`) that records the change. Replace the copy you hold.',
    payload: object({ conversation: schemaRef('Conversation') }),
  },
  'conversation:removed': {
    summary: 'You were removed from a conversation, or left it: to every device of yours; forget it',
    description: 'Nothing of the conversation reaches you after it, on any transport or instance, and its routes answer 403.',
    payload: object({ conversation_id: uuid }),
  },
  typing: {
    summary: 'Another member started or stopped typing',
    payload: object({ conversation_id: uuid, user_id: uuid, typing: { type: 'boolean' } }),
  },
  read: {
    summary: 'A member’s read marker moved (yours too, from another device)',
    payload: object({ conversation_id: uuid, user_id: uuid, seq }),
  },
  presence: {
    summary: 'Someone you share a conversation with came online or went offline (3 s after their last device left)',
    payload: object({
      user_id: uuid,
      status: { type: 'string', enum: ['online', 'offline'] },
      last_seen: { anyOf: [dateTime, { type: 'null' }] },
    }),
  },
  'user:new': {
    summary: 'Someone signed up: to every connected device, so a directory on screen stays current without a reload',
    payload: object({ user: schemaRef('User') }),
  },
  'user:updated': {
    summary: 'A contact (or you, from another device) changed their profile',
    payload: object({ user: schemaRef('User') }),
  },
  'session:ended': {
    summary:
      'This device’s session has ended (logout, revoked, password changed, reuse detected, deactivated); the socket is then disconnected',
    description: 'Do not reconnect with the same tokens: sign in again.',
    payload: object({ reason: { type: 'string', enum: [...SESSION_END_REASONS] } }),
  },
};

export const RAW_CLIENT_FRAMES: Readonly<Record<RawClientFrameType, EventDoc>> = {
  join: {
    summary: 'Confirm a conversation of yours (answered `joined`); messages of all your conversations arrive without it',
    payload: object({ type: { const: 'join' }, conversation_id: uuid }),
  },
  message: {
    summary: 'Send a message: the same rules and idempotency as `message:send`; it comes back as a `message` frame',
    payload: object(
      {
        type: { const: 'message' },
        message_id: { type: 'string', pattern: MESSAGE_ID_PATTERN.source },
        conversation_id: uuid,
        content: { type: 'string', maxLength: LIMITS.contentMax, description: '1 to 4000 characters, or "" with `attachment_ids`' },
        attachment_ids: ATTACHMENT_IDS,
        reply_to_id: { ...uuid, description: 'The message this one answers (an extension: the original clients never send it)' },
      },
      ['content', 'attachment_ids', 'reply_to_id'],
    ),
  },
};

export const RAW_SERVER_FRAMES: Readonly<Record<RawServerFrameType, EventDoc>> = {
  joined: { summary: 'The answer to `join`', payload: object({ type: { const: 'joined' }, conversation_id: uuid }) },
  message: {
    summary: 'A message of one of your conversations, however it was sent',
    payload: object({ type: { const: 'message' }, message: schemaRef('Message') }),
  },
  message_updated: {
    summary: 'A message changed (edited, deleted): the whole current message (the original clients ignore this type)',
    payload: object({ type: { const: 'message_updated' }, message: schemaRef('Message') }),
  },
  conversation_removed: {
    summary:
      'You were removed from a conversation, or left it: forget it; none of its messages follow (the original clients ignore this type)',
    payload: object({ type: { const: 'conversation_removed' }, conversation_id: uuid }),
  },
  error: {
    summary: 'Something you sent was refused (bad JSON or shape, unknown type, not a member, rate limited …); the socket stays open',
    payload: object(
      {
        type: { const: 'error' },
        reason: { type: 'string', description: 'A sentence to show' },
        code: { type: 'string', description: 'The problem `code`, e.g. `VALIDATION_FAILED`' },
      },
      ['code'],
    ),
  },
};
