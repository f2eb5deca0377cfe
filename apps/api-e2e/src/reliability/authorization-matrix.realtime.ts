import type { Ack, Conversation, Message, RawServerFrame, SyncResponse } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ChatClient, RawClient } from '../support/sockets';
import { AUTHENTICATED, Cast, expectNoLeak, expectOutsiderAbsent, historyHas, lastSeq } from './authorization-cast';

export type AuthenticatedPrincipal = (typeof AUTHENTICATED)[number];
type Target = 'member' | 'unknown';
const conversationId = (cast: Cast, target: Target) => (target === 'unknown' ? randomUUID() : cast.conversation.id);

/** An event a client emits, and the ack each principal that gets a socket receives. */
export interface SocketRow {
  readonly event: 'message:send' | 'message:edit' | 'message:delete' | 'reaction:add' | 'reaction:remove' | 'sync' | 'read' | 'typing';
  readonly target?: string;
  /** Done before the emit, per cell: what it returns is given to `payload` (e.g. a fresh message to aim at). */
  prepare?(cast: Cast): Promise<Message | null>;
  payload(cast: Cast, principal: AuthenticatedPrincipal, prepared: Message | null): unknown;
  /** Expected ack: `ok` or the error code; the check sees the ack and what `snapshot` took before the emit. */
  readonly expected: Readonly<
    Record<AuthenticatedPrincipal, { readonly ack: 'ok' | string; check?(ack: Ack<object>, cast: Cast, before: number): unknown }>
  >;
  /** Taken before the emit; compared after a refusal (and after a refused handshake) to show that nothing was written. */
  snapshot?(cast: Cast): Promise<number>;
  unchanged?(cast: Cast, before: number): Promise<void>;
}

const seqUnchanged = async (cast: Cast, before: number) => expect(await lastSeq(cast)).toBe(before);

/** The conversation's change counter as the fellow sees it: a refused edit or deletion leaves it where it was. */
async function lastChangeSeq(cast: Cast): Promise<number> {
  const response = await request(cast.server.url).get(`/conversations/${cast.conversation.id}`).set('Authorization', cast.fellow.bearer).expect(200);
  return (response.body as Conversation).last_change_seq;
}
const changesUnchanged = async (cast: Cast, before: number) => expect(await lastChangeSeq(cast)).toBe(before);

/** A fresh message of `author` in the cast's conversation. */
const freshMessage = (author: 'member' | 'fellow') => async (cast: Cast) =>
  (
    await request(cast.server.url)
      .post('/messages')
      .set('Authorization', cast[author].bearer)
      .send({ conversation_id: cast.conversation.id, message_id: `t-${randomUUID()}`, content: 'to be changed' })
      .expect(201)
  ).body as Message;
const refusedUnseen = (code: string) => ({ ack: code, check: (ack: Ack<object>, cast: Cast) => expectNoLeak(cast, ack) });

function targeted(
  target: Target,
  success: SocketRow['expected'][AuthenticatedPrincipal],
  nonMember = refusedUnseen('FORBIDDEN'),
): SocketRow['expected'] {
  if (target === 'unknown')
    return {
      member: refusedUnseen('NOT_FOUND'),
      "member's other device": refusedUnseen('NOT_FOUND'),
      'non-member': refusedUnseen('NOT_FOUND'),
    };
  return { member: success, "member's other device": success, 'non-member': nonMember };
}

export function socketMatrix(): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const target of ['member', 'unknown'] as const) {
    const label = target === 'unknown' ? 'unknown conversation' : undefined;
    rows.push(
      {
        event: 'message:send',
        target: label,
        payload: (cast, principal) => ({
          conversation_id: conversationId(cast, target),
          message_id: `s-${randomUUID()}`,
          content: `socket ${principal}`,
        }),
        snapshot: lastSeq,
        unchanged: seqUnchanged,
        expected: targeted(target, {
          ack: 'ok',
          check: (ack, cast, before) => expect(ack).toMatchObject({ message: { seq: before + 1, conversation_id: cast.conversation.id } }),
        }),
      },
      {
        event: 'read',
        target: label,
        payload: (cast) => ({ conversation_id: conversationId(cast, target), seq: 1 }),
        unchanged: (cast) => expectOutsiderAbsent(cast),
        expected: targeted(target, { ack: 'ok', check: (ack) => expect(ack).toMatchObject({ seq: expect.any(Number) }) }),
      },
      {
        event: 'typing',
        target: label,
        payload: (cast) => ({ conversation_id: conversationId(cast, target), typing: true }),
        expected: targeted(target, { ack: 'ok' }),
      },
    );
  }
  // Edits and deletions by id (SPEC 10.2): the author's devices succeed; another member is not the author; outsiders 403.
  const byId = [
    ['own', freshMessage('member')],
    ["the fellow's message", freshMessage('fellow')],
    ['unknown message', async () => null],
  ] as const;
  for (const [target, prepare] of byId) {
    const authorOnly = target === "the fellow's message" ? refusedUnseen('FORBIDDEN') : null;
    const expected = (success: SocketRow['expected']['member'], forAuthorOnly = true): SocketRow['expected'] => {
      if (target === 'unknown message') {
        return { member: refusedUnseen('NOT_FOUND'), "member's other device": refusedUnseen('NOT_FOUND'), 'non-member': refusedUnseen('NOT_FOUND') };
      }
      const member = (forAuthorOnly && authorOnly) || success;
      return { member, "member's other device": member, 'non-member': refusedUnseen('FORBIDDEN') };
    };
    const label = target === 'own' ? "the member's own message" : target;
    rows.push(
      {
        event: 'message:edit',
        target: label,
        prepare,
        payload: (_, principal, message) => ({ id: message?.id ?? randomUUID(), content: `socket edit by ${principal}` }),
        snapshot: lastChangeSeq,
        unchanged: changesUnchanged,
        expected: expected({
          ack: 'ok',
          check: (ack, _, before) => expect(ack).toMatchObject({ message: { content: expect.stringMatching(/^socket edit by/), change_seq: before + 1 } }),
        }),
      },
      {
        event: 'message:delete',
        target: label,
        prepare,
        payload: (_, __, message) => ({ id: message?.id ?? randomUUID() }),
        snapshot: lastChangeSeq,
        unchanged: changesUnchanged,
        // The member created the group, so is its admin: the author or an admin of the group deletes (SPEC 10.2).
        expected: expected({ ack: 'ok', check: async (_, cast, before) => expect(await lastChangeSeq(cast)).toBe(before + 1) }, false),
      },
    );
    // Reactions (SPEC 10.3): any member may react to any message of the conversation, and take back only their own.
    const anyMember = (success: SocketRow['expected']['member']): SocketRow['expected'] =>
      target === 'unknown message'
        ? { member: refusedUnseen('NOT_FOUND'), "member's other device": refusedUnseen('NOT_FOUND'), 'non-member': refusedUnseen('NOT_FOUND') }
        : { member: success, "member's other device": success, 'non-member': refusedUnseen('FORBIDDEN') };
    rows.push(
      {
        event: 'reaction:add',
        target: label,
        prepare,
        payload: (_, __, message) => ({ id: message?.id ?? randomUUID(), emoji: '🎉' }),
        snapshot: lastChangeSeq,
        unchanged: changesUnchanged,
        expected: anyMember({
          ack: 'ok',
          check: (ack, cast, before) =>
            expect(ack).toMatchObject({ message: { reactions: [{ emoji: '🎉', user_ids: [cast.member.user.id] }], change_seq: before + 1 } }),
        }),
      },
      {
        event: 'reaction:remove',
        target: label,
        // The member's own 🎉 is on the message first: the member takes it back; an outsider cannot.
        prepare: async (cast) => {
          const message = await prepare(cast);
          if (!message) return null;
          return (
            await request(cast.server.url)
              .put(`/messages/${message.id}/reactions/${encodeURIComponent('🎉')}`)
              .set('Authorization', cast.member.bearer)
              .expect(200)
          ).body as Message;
        },
        payload: (_, __, message) => ({ id: message?.id ?? randomUUID(), emoji: '🎉' }),
        snapshot: lastChangeSeq,
        unchanged: changesUnchanged,
        expected: anyMember({ ack: 'ok', check: (ack, _, before) => expect(ack).toMatchObject({ message: { reactions: [], change_seq: before + 1 } }) }),
      },
    );
  }
  // A sync answers only about the caller's own conversations: an outsider's cursor on it is left out, as is an unknown one.
  for (const target of ['member', 'unknown'] as const) {
    const sees = (ack: Ack<object>, cast: Cast) => {
      const results = (ack as unknown as SyncResponse).results;
      expect(results.map((r) => r.conversation_id)).toEqual([cast.conversation.id]);
      expect(results[0].messages.map((m: Message) => m.content)).toContain(cast.secretContent);
    };
    // The listed id comes back in `removed` (the caller sent it; an unknown id does the same, so nothing is told).
    const seesNothing = {
      ack: 'ok',
      check: (ack: Ack<object>) => {
        expect((ack as unknown as SyncResponse).results).toEqual([]);
        expect((ack as unknown as SyncResponse).removed).toHaveLength(1);
      },
    };
    const unseen = {
      ack: 'ok',
      check: (ack: Ack<object>, cast: Cast) => {
        seesNothing.check(ack);
        const { removed, ...rest } = ack as unknown as SyncResponse;
        if (target === 'member') expect(removed).toEqual([cast.conversation.id]);
        expectNoLeak(cast, target === 'member' ? rest : ack, { conversationId: true });
      },
    };
    rows.push({
      event: 'sync',
      target: target === 'unknown' ? 'unknown conversation' : undefined,
      payload: (cast) => ({ conversations: [{ conversation_id: conversationId(cast, target), after_seq: 0 }] }),
      expected:
        target === 'unknown'
          ? { member: seesNothing, "member's other device": seesNothing, 'non-member': unseen }
          : { member: { ack: 'ok', check: sees }, "member's other device": { ack: 'ok', check: sees }, 'non-member': unseen },
    });
  }
  return rows;
}

/** A frame of the original protocol, and the frame each principal that gets in receives in answer. */
export interface RawRow {
  readonly frame: 'join' | 'message';
  readonly target?: string;
  send(cast: Cast, principal: AuthenticatedPrincipal | 'refused'): Record<string, unknown>;
  /** The answer: a frame matching this, or an error frame with this code. */
  readonly expected: Readonly<
    Record<AuthenticatedPrincipal, { readonly reply: string; matches?(frame: RawServerFrame, sent: Record<string, unknown>): boolean }>
  >;
  /** After a refusal: the conversation did not change. */
  unchanged?(cast: Cast, sent: Record<string, unknown>): Promise<void>;
}

export function rawMatrix(): RawRow[] {
  const rows: RawRow[] = [];
  for (const target of ['member', 'unknown'] as const) {
    const label = target === 'unknown' ? 'unknown conversation' : undefined;
    const refusal = (code: string) => ({ reply: `error ${code}` });
    const answers = (success: RawRow['expected']['member']): RawRow['expected'] =>
      target === 'unknown'
        ? { member: refusal('NOT_FOUND'), "member's other device": refusal('NOT_FOUND'), 'non-member': refusal('NOT_FOUND') }
        : { member: success, "member's other device": success, 'non-member': refusal('FORBIDDEN') };
    rows.push(
      {
        frame: 'join',
        target: label,
        send: (cast) => ({ type: 'join', conversation_id: conversationId(cast, target) }),
        expected: answers({
          reply: 'joined',
          matches: (frame, sent) => frame.type === 'joined' && frame.conversation_id === sent['conversation_id'],
        }),
      },
      {
        frame: 'message',
        target: label,
        send: (cast, principal) => ({
          type: 'message',
          message_id: `w-${randomUUID()}`,
          conversation_id: conversationId(cast, target),
          content: `raw ${principal} ${randomUUID()}`,
        }),
        // The sender's own socket gets its message back through the fan-out, like every other device.
        expected: answers({
          reply: 'its message',
          matches: (frame, sent) => frame.type === 'message' && frame.message.message_id === sent['message_id'],
        }),
        unchanged: async (cast, sent) => expect(await historyHas(cast, String(sent['content']))).toBe(false),
      },
    );
  }
  return rows;
}

/** Something received on a socket: a Socket.IO event (name, payload) or a raw frame (its type, the frame). */
export interface Received {
  readonly name: string;
  readonly payload: unknown;
}

/** Everything a socket received so far (a raw client: since it became ready). */
export type Listener = () => Received[];

export function listenSocketIo(socket: ChatClient): Listener {
  const received: Received[] = [];
  socket.onAny((name: string, payload: unknown) => received.push({ name, payload }));
  return () => received;
}

export function listenRaw(client: RawClient): Listener {
  const from = client.frames.length;
  return () => client.frames.slice(from).map((frame) => ({ name: frame.type, payload: frame }));
}

/** A device to act with: a Socket.IO socket and a raw one. */
export interface Device {
  readonly socket: ChatClient;
  readonly raw: RawClient;
}

/** Who can cause a broadcast: the fellow member, the member on its first device, the outsider (these two listen too). */
export interface Actors {
  readonly fellow: Device;
  readonly member: Device;
  readonly outsider: Device;
}

/** Something the outsider tries on the member's conversation; it must be refused and broadcast nothing. */
export interface RefusedAttempt {
  readonly event: string;
  attempt(cast: Cast, outsider: Device): Promise<void>;
}

/** A broadcast, how it is caused, and how to tell it among everything else a socket receives. */
export interface ReceiptRow {
  readonly event: string;
  readonly transports: readonly ('socket.io' | 'ws')[];
  /** Done before anyone listens; what it returns goes to `trigger`. */
  prepare?(cast: Cast): Promise<Readonly<Record<string, string>>>;
  /** Causes the broadcast once every listener is ready; returns how to recognise it. */
  trigger(cast: Cast, actors: Actors, prepared: Readonly<Record<string, string>>): Promise<(received: Received) => boolean>;
}

export const isMessage = (messageId: string) => (received: Received) => {
  const payload = received.payload as { message?: Message };
  return (received.name === 'message:new' || received.name === 'message') && payload.message?.message_id === messageId;
};
