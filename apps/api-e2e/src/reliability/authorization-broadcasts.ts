import type { Message, RawServerFrame, User } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { registerUser } from '../support/client';
import type { RunningServer } from '../support/server';
import { connectSocket, eventually, openRaw, pause, RawClient } from '../support/sockets';
import { accessTokenOf, AUTHENTICATED, Cast, cellName } from './authorization-cast';
import { Actors, AuthenticatedPrincipal, isMessage, listenRaw, Listener, listenSocketIo } from './authorization-matrix.realtime';
import { RECEIPTS, REFUSED_ATTEMPTS } from './authorization-receipts';

/** After the positive control has arrived, how long a duplicate or a stray delivery gets to show up. */
const SETTLE_MS = 300;

/** Where the cells run: the cast (made on the instance its REST calls go to) and the instance each principal's devices use. */
export interface Stage {
  readonly cast: Cast;
  serverFor(principal: AuthenticatedPrincipal): RunningServer;
}

export async function nextFrame(client: RawClient, matches: (frame: RawServerFrame) => boolean, what: string): Promise<RawServerFrame> {
  await eventually(() => client.frames.some(matches), 5000, what);
  return client.frames.find(matches) as RawServerFrame;
}

/** A raw client whose authentication is done (frames are handled in order, the first being authentication). */
export async function readyRaw(server: RunningServer, cast: Cast, principal: AuthenticatedPrincipal): Promise<RawClient> {
  const client = await openRaw(server, accessTokenOf(cast, principal));
  const conversationId = principal === 'non-member' ? cast.outsiderConversation.id : cast.conversation.id;
  client.send({ type: 'join', conversation_id: conversationId });
  await nextFrame(client, (frame) => frame.type === 'joined' && frame.conversation_id === conversationId, `${principal} joined`);
  return client;
}

/** The member's two devices and the outsider on both transports, ready; the fellow member's sockets to act with too. */
async function listen(
  stage: Stage,
): Promise<{ listeners: Record<'socket.io' | 'ws', Record<AuthenticatedPrincipal, Listener>>; actors: Actors }> {
  const { cast } = stage;
  const sockets = await Promise.all(AUTHENTICATED.map((p) => connectSocket(stage.serverFor(p), { token: accessTokenOf(cast, p) })));
  const raws = await Promise.all(AUTHENTICATED.map((p) => readyRaw(stage.serverFor(p), cast, p)));
  const fellow = {
    socket: await connectSocket(cast.server, { token: cast.fellow.tokens.access_token }),
    raw: await openRaw(cast.server, cast.fellow.tokens.access_token),
  };
  const actors = { fellow, member: { socket: sockets[0], raw: raws[0] }, outsider: { socket: sockets[2], raw: raws[2] } };
  const byPrincipal = (make: (index: number) => Listener) =>
    Object.fromEntries(AUTHENTICATED.map((p, i) => [p, make(i)])) as Record<AuthenticatedPrincipal, Listener>;
  return { listeners: { 'socket.io': byPrincipal((i) => listenSocketIo(sockets[i])), ws: byPrincipal((i) => listenRaw(raws[i])) }, actors };
}

/** One test per broadcast × transport × listening principal, and per refused attempt × member device. */
export function broadcastCells(stageOf: () => Stage): void {
  for (const row of RECEIPTS) {
    for (const transport of row.transports) {
      for (const principal of AUTHENTICATED) {
        const subject = transport === 'ws' ? `/ws ${row.event}` : `Socket.IO ${row.event}`;
        const member = principal !== 'non-member';
        it(cellName(subject, undefined, principal, member ? 'received exactly once' : 'nothing at all'), async () => {
          const stage = stageOf();
          const prepared = (await row.prepare?.(stage.cast)) ?? {};
          const { listeners, actors } = await listen(stage);
          const isIt = await row.trigger(stage.cast, actors, prepared);
          const count = (p: AuthenticatedPrincipal) => listeners[transport][p]().filter(isIt).length;
          // The positive control: both of the member's devices got it, so a stray delivery had its chance.
          await eventually(() => count('member') >= 1 && count("member's other device") >= 1, 5000, `${row.event} on the member's devices`);
          await pause(SETTLE_MS);
          if (member) expect(count(principal)).toBe(1);
          else expect(listeners[transport]['non-member']()).toEqual([]);
        });
      }
    }
  }

  for (const row of REFUSED_ATTEMPTS) {
    for (const principal of ['member', "member's other device"] as const) {
      it(cellName(`${row.event} refused to the non-member`, undefined, principal, 'hears nothing of it'), async () => {
        const { cast } = stageOf();
        const { listeners, actors } = await listen(stageOf());
        await row.attempt(cast, actors.outsider);
        // The positive control, sent after the refusal: once it is in, anything the attempt caused would be too.
        const messageId = `after-${randomUUID()}`;
        await request(cast.server.url)
          .post('/messages')
          .set('Authorization', cast.fellow.bearer)
          .send({ conversation_id: cast.conversation.id, message_id: messageId, content: 'control' })
          .expect(201);
        const heard = () => [...listeners['socket.io'][principal](), ...listeners.ws[principal]()];
        await eventually(() => heard().filter(isMessage(messageId)).length === 2, 5000, 'the control on both transports');
        await pause(SETTLE_MS);
        const aboutTheAttempt = (received: { name: string; payload: unknown }) =>
          JSON.stringify(received).includes(cast.outsider.user.id) ||
          JSON.stringify(received).includes('intrusion') ||
          (received.payload as { message?: Message }).message?.id === cast.secretMessage.id;
        expect(heard().filter(aboutTheAttempt)).toEqual([]);
      });
    }
  }
}

/**
 * `user:new`: a sign-up is news to every signed-in device (anyone may list anyone with GET /users), the non-member's
 * too, once each; the original /ws protocol has no such frame. Unauthenticated clients cannot connect at all.
 */
export function announcementCells(stageOf: () => Stage): void {
  for (const transport of ['socket.io', 'ws'] as const) {
    for (const principal of AUTHENTICATED) {
      const subject = transport === 'ws' ? '/ws user:new' : 'Socket.IO user:new';
      it(cellName(subject, undefined, principal, transport === 'ws' ? 'nothing at all' : 'received exactly once'), async () => {
        const stage = stageOf();
        const { listeners } = await listen(stage);
        const newcomer = await registerUser(stage.cast.server, 'newcomer');
        const isIt = ({ name, payload }: { name: string; payload: unknown }) =>
          name === 'user:new' && (payload as { user?: User }).user?.id === newcomer.user.id;
        const count = (p: AuthenticatedPrincipal) => listeners['socket.io'][p]().filter(isIt).length;
        await eventually(() => AUTHENTICATED.every((p) => count(p) >= 1), 5000, 'user:new on every Socket.IO device');
        await pause(SETTLE_MS);
        if (transport === 'socket.io') expect(count(principal)).toBe(1);
        else expect(listeners.ws[principal]()).toEqual([]);
      });
    }
  }
}
