import type { Conversation, Message } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { connectSocket, eventually } from '../support/sockets';
import type { Cast } from './authorization-cast';
import { isMessage, ReceiptRow, RefusedAttempt } from './authorization-matrix.realtime';

const newGroup = async (cast: Cast, opener: TestUser = cast.fellow): Promise<Conversation> =>
  (
    await request(cast.server.url)
      .post('/conversations')
      .set('Authorization', opener.bearer)
      .send({ title: `side room ${randomUUID()}`, member_ids: [cast.member.user.id, cast.fellow.user.id], is_group: true })
      .expect(201)
  ).body;

const sendOverRest = async (cast: Cast, messageId: string, sender: TestUser = cast.fellow): Promise<Message> =>
  (
    await request(cast.server.url)
      .post('/messages')
      .set('Authorization', sender.bearer)
      .send({ conversation_id: cast.conversation.id, message_id: messageId, content: 'broadcast over REST' })
      .expect(201)
  ).body;

/** A change of this message with this content: `message:updated` on Socket.IO, `message_updated` on /ws. */
const isUpdate = (id: string, content: string) => (received: { name: string; payload: unknown }) => {
  const payload = received.payload as { message?: Message };
  return (received.name === 'message:updated' || received.name === 'message_updated') && payload.message?.id === id && payload.message.content === content;
};

/** What the server broadcasts, each caused by the fellow member while the member's devices and the outsider listen. */
export const RECEIPTS: readonly ReceiptRow[] = [
  {
    event: 'message:updated (an edit over REST)',
    transports: ['socket.io', 'ws'],
    prepare: async (cast) => ({ id: (await sendOverRest(cast, `e-${randomUUID()}`)).id }),
    async trigger(cast, _, { id }) {
      const content = `edited ${randomUUID()}`;
      await request(cast.server.url).patch(`/messages/${id}`).set('Authorization', cast.fellow.bearer).send({ content }).expect(200);
      return isUpdate(id, content);
    },
  },
  {
    event: 'message:updated (an edit over Socket.IO)',
    transports: ['socket.io', 'ws'],
    prepare: async (cast) => ({ id: (await sendOverRest(cast, `e-${randomUUID()}`)).id }),
    async trigger(_, actors, { id }) {
      const content = `edited ${randomUUID()}`;
      expect(await actors.fellow.socket.emitWithAck('message:edit', { id, content })).toMatchObject({ ok: true });
      return isUpdate(id, content);
    },
  },
  {
    event: 'message:updated (a deletion by the member itself over Socket.IO)',
    transports: ['socket.io', 'ws'],
    prepare: async (cast) => ({ id: (await sendOverRest(cast, `d-${randomUUID()}`, cast.member)).id }),
    async trigger(_, actors, { id }) {
      expect(await actors.member.socket.emitWithAck('message:delete', { id })).toEqual({ ok: true });
      return isUpdate(id, '');
    },
  },
  {
    event: 'message:updated (a reaction over Socket.IO)',
    transports: ['socket.io', 'ws'],
    prepare: async (cast) => ({ id: (await sendOverRest(cast, `x-${randomUUID()}`, cast.member)).id }),
    async trigger(_, actors, { id }) {
      expect(await actors.fellow.socket.emitWithAck('reaction:add', { id, emoji: '👀' })).toMatchObject({ ok: true });
      return (received) => isUpdate(id, 'broadcast over REST')(received) && JSON.stringify(received.payload).includes('👀');
    },
  },
  {
    event: 'message (sent over REST)',
    transports: ['socket.io', 'ws'],
    async trigger(cast) {
      const messageId = `r-${randomUUID()}`;
      await sendOverRest(cast, messageId);
      return isMessage(messageId);
    },
  },
  {
    event: 'message (sent over Socket.IO)',
    transports: ['socket.io', 'ws'],
    async trigger(cast, actors) {
      const messageId = `s-${randomUUID()}`;
      const ack = await actors.fellow.socket.emitWithAck('message:send', {
        conversation_id: cast.conversation.id,
        message_id: messageId,
        content: 'broadcast over Socket.IO',
      });
      expect(ack.ok).toBe(true);
      return isMessage(messageId);
    },
  },
  {
    event: 'message (sent over /ws)',
    transports: ['socket.io', 'ws'],
    async trigger(cast, actors) {
      const messageId = `w-${randomUUID()}`;
      actors.fellow.raw.send({
        type: 'message',
        message_id: messageId,
        conversation_id: cast.conversation.id,
        content: 'broadcast over /ws',
      });
      return isMessage(messageId);
    },
  },
  {
    // The sending device gets its own message too (devices dedupe by id); the member's other device must see it.
    event: 'message (sent by the member itself over Socket.IO)',
    transports: ['socket.io', 'ws'],
    async trigger(cast, actors) {
      const messageId = `own-${randomUUID()}`;
      const ack = await actors.member.socket.emitWithAck('message:send', {
        conversation_id: cast.conversation.id,
        message_id: messageId,
        content: 'my own',
      });
      expect(ack.ok).toBe(true);
      return isMessage(messageId);
    },
  },
  {
    event: 'message (sent by the member itself over /ws)',
    transports: ['socket.io', 'ws'],
    async trigger(cast, actors) {
      const messageId = `own-${randomUUID()}`;
      actors.member.raw.send({ type: 'message', message_id: messageId, conversation_id: cast.conversation.id, content: 'my own over /ws' });
      return isMessage(messageId);
    },
  },
  {
    event: 'read',
    transports: ['socket.io'],
    async trigger(cast, actors) {
      // Sent by the member, so that the fellow's marker (moved by its own messages) has something to move to.
      const { seq } = await sendOverRest(cast, `r-${randomUUID()}`, cast.member);
      expect(await actors.fellow.socket.emitWithAck('read', { conversation_id: cast.conversation.id, seq })).toEqual({ ok: true, seq });
      return ({ name, payload }) =>
        name === 'read' && isEqual(payload, { conversation_id: cast.conversation.id, user_id: cast.fellow.user.id, seq });
    },
  },
  {
    // Read markers sync the member's devices: the one that read hears of it, and so does the other.
    event: 'read (marked by the member itself)',
    transports: ['socket.io'],
    async trigger(cast, actors) {
      const { seq } = await sendOverRest(cast, `r-${randomUUID()}`);
      expect(await actors.member.socket.emitWithAck('read', { conversation_id: cast.conversation.id, seq })).toEqual({ ok: true, seq });
      return ({ name, payload }) =>
        name === 'read' && isEqual(payload, { conversation_id: cast.conversation.id, user_id: cast.member.user.id, seq });
    },
  },
  {
    event: 'typing',
    transports: ['socket.io'],
    // A room of its own, so that no earlier indicator of the fellow's is still being throttled.
    prepare: async (cast) => ({ conversationId: (await newGroup(cast)).id }),
    async trigger(cast, actors, { conversationId }) {
      expect(await actors.fellow.socket.emitWithAck('typing', { conversation_id: conversationId, typing: true })).toEqual({ ok: true });
      return ({ name, payload }) =>
        name === 'typing' && isEqual(payload, { conversation_id: conversationId, user_id: cast.fellow.user.id, typing: true });
    },
  },
  {
    event: 'presence',
    transports: ['socket.io'],
    // Someone who shares a conversation with the member and has never been online: their first device announces them.
    async prepare(cast) {
      const subject = await registerUser(cast.server, 'subject');
      await request(cast.server.url)
        .post('/conversations')
        .set('Authorization', subject.bearer)
        .send({ member_ids: [cast.member.user.id] })
        .expect(201);
      return { token: subject.tokens.access_token, userId: subject.user.id };
    },
    async trigger(cast, _, { token, userId }) {
      await connectSocket(cast.server, { token });
      return ({ name, payload }) => name === 'presence' && isEqual(payload, { user_id: userId, status: 'online' });
    },
  },
  {
    event: 'conversation:new',
    transports: ['socket.io'],
    async trigger(cast) {
      const { id } = await newGroup(cast);
      return ({ name, payload }) => name === 'conversation:new' && (payload as { conversation: Conversation }).conversation.id === id;
    },
  },
  {
    event: 'conversation:new (opened by the member itself)',
    transports: ['socket.io'],
    async trigger(cast) {
      const { id } = await newGroup(cast, cast.member);
      return ({ name, payload }) => name === 'conversation:new' && (payload as { conversation: Conversation }).conversation.id === id;
    },
  },
];

/** Every field of `expected` has its value in `actual`. */
const isEqual = (actual: unknown, expected: Record<string, unknown>) =>
  Object.entries(expected).every(([key, value]) => (actual as Record<string, unknown>)[key] === value);

const outsiderSend = (cast: Cast) => ({
  conversation_id: cast.conversation.id,
  message_id: `x-${randomUUID()}`,
  content: `intrusion ${randomUUID()}`,
});

/** What the outsider may try on the member's conversation: each is refused, and nobody hears of it. */
export const REFUSED_ATTEMPTS: readonly RefusedAttempt[] = [
  {
    event: 'message:send',
    async attempt(cast, outsider) {
      expect(await outsider.socket.emitWithAck('message:send', outsiderSend(cast))).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    },
  },
  {
    event: 'POST /messages',
    async attempt(cast) {
      await request(cast.server.url).post('/messages').set('Authorization', cast.outsider.bearer).send(outsiderSend(cast)).expect(403);
    },
  },
  {
    event: '/ws message frame',
    async attempt(cast, outsider) {
      const before = outsider.raw.frames.length;
      outsider.raw.send({ type: 'message', ...outsiderSend(cast) });
      await eventually(() => outsider.raw.frames.length > before, 5000, 'the error frame');
      expect(outsider.raw.frames.slice(before)).toEqual([expect.objectContaining({ type: 'error', code: 'FORBIDDEN' })]);
    },
  },
  {
    event: 'message:edit',
    async attempt(cast, outsider) {
      const ack = await outsider.socket.emitWithAck('message:edit', { id: cast.secretMessage.id, content: `intrusion ${randomUUID()}` });
      expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    },
  },
  {
    event: 'PATCH /messages/{id}',
    async attempt(cast) {
      await request(cast.server.url)
        .patch(`/messages/${cast.secretMessage.id}`)
        .set('Authorization', cast.outsider.bearer)
        .send({ content: `intrusion ${randomUUID()}` })
        .expect(403);
    },
  },
  {
    // A refused deletion would show as an update of the secret message: none may come.
    event: 'message:delete',
    async attempt(cast, outsider) {
      expect(await outsider.socket.emitWithAck('message:delete', { id: cast.secretMessage.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      await request(cast.server.url).delete(`/messages/${cast.secretMessage.id}`).set('Authorization', cast.outsider.bearer).expect(403);
    },
  },
  {
    // A refused reaction would show as an update of the secret message: none may come.
    event: 'reaction:add',
    async attempt(cast, outsider) {
      const ack = await outsider.socket.emitWithAck('reaction:add', { id: cast.secretMessage.id, emoji: '👍' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      await request(cast.server.url)
        .put(`/messages/${cast.secretMessage.id}/reactions/${encodeURIComponent('👍')}`)
        .set('Authorization', cast.outsider.bearer)
        .expect(403);
    },
  },
  {
    event: 'typing',
    async attempt(cast, outsider) {
      const ack = await outsider.socket.emitWithAck('typing', { conversation_id: cast.conversation.id, typing: true });
      expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    },
  },
  {
    event: 'read',
    async attempt(cast, outsider) {
      const ack = await outsider.socket.emitWithAck('read', { conversation_id: cast.conversation.id, seq: 1 });
      expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    },
  },
];
