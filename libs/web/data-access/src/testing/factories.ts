import type { Conversation, Message } from '@pneumatic/contracts';

/** A stored message of conversation `conversationId` with seq `seq` (ids derived from both, so copies are equal). */
export function message(conversationId: string, seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `${conversationId}-m${seq}`,
    message_id: `key-${conversationId}-${seq}`,
    sender_id: 'u-bob',
    conversation_id: conversationId,
    seq,
    change_seq: seq,
    content: `message ${seq}`,
    created_at: new Date(Date.UTC(2026, 10, 25, 12, 0, seq)).toISOString(),
    edited_at: null,
    deleted_at: null,
    attachments: [],
    reactions: [],
    reply_to: null,
    mentions: [],
    kind: 'user',
    system: null,
    ...overrides,
  };
}

/** A conversation; its change counter follows its last seq unless given (every message changed once: when sent). */
export function conversation(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    title: null,
    members: ['u-alice', 'u-bob'],
    is_group: false,
    admins: [],
    created_at: '2026-11-25T11:00:00.000Z',
    updated_at: '2026-11-25T11:00:00.000Z',
    last_seq: 0,
    last_change_seq: overrides.last_seq ?? 0,
    last_read_seq: 0,
    unread_count: 0,
    unread_mentions: 0,
    muted: false,
    last_message: null,
    ...overrides,
  };
}
