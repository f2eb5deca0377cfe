import type { Ack, RawServerFrame, SyncResponse } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectProblem } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { ChatClient, closeAllSockets, connectSocket, eventually, openRaw, pause, RawClient } from '../support/sockets';
import {
  accessTokenOf,
  assembleCast,
  AUTHENTICATED,
  Cast,
  expectNoLeak,
  forgeAccessToken,
  loginAgain,
  MATRIX_SECRET_KEY,
  PRINCIPALS,
  Principal,
  resignRefreshToken,
  UNAUTHENTICATED,
} from './authorization-cast';
import { restMatrix } from './authorization-matrix.rest';
import {
  Actors,
  AuthenticatedPrincipal,
  listenRaw,
  listenSocketIo,
  isMessage,
  Listener,
  rawMatrix,
  socketMatrix,
} from './authorization-matrix.realtime';
import { RECEIPTS, REFUSED_ATTEMPTS } from './authorization-receipts';

/**
 * The authorization matrix of issue 10: every REST route, Socket.IO event, /ws frame and broadcast, tried by each
 * principal (see PRINCIPALS), one test per cell. SPEC §5: a non-member gets 403 for a conversation that exists and
 * 404 for one that does not; anyone not authenticated 401 with WWW-Authenticate (handshake: connect_error
 * UNAUTHORIZED; /ws: close 1008).
 */

/** After the positive control has arrived, how long a duplicate or a stray delivery gets to show up. */
const SETTLE_MS = 300;
const cellName = (subject: string, target: string | undefined, principal: Principal, answer: string) =>
  `${subject}${target ? ` (${target})` : ''} × ${principal} → ${answer}`;
const isRefusal = (answer: string) => answer !== 'ok';

describe('authorization matrix', () => {
  let server: RunningServer;
  let cast: Cast;

  beforeAll(async () => {
    server = await startServer({ env: { SECRET_KEY: MATRIX_SECRET_KEY } });
    cast = await assembleCast(server);
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server?.dispose());

  const tokenOf = (principal: Principal) => accessTokenOf(cast, principal);
  const socketOf = (principal: Principal) => connectSocket(server, { token: tokenOf(principal) });
  const refusedHandshake = (principal: Principal) => expect(socketOf(principal)).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  const nextFrame = async (client: RawClient, matches: (frame: RawServerFrame) => boolean, what: string): Promise<RawServerFrame> => {
    await eventually(() => client.frames.some(matches), 5000, what);
    return client.frames.find(matches) as RawServerFrame;
  };
  /** A raw client whose authentication is done (frames are handled in order, the first being authentication). */
  const readyRaw = async (principal: AuthenticatedPrincipal): Promise<RawClient> => {
    const client = await openRaw(server, tokenOf(principal));
    const conversationId = principal === 'non-member' ? cast.outsiderConversation.id : cast.conversation.id;
    client.send({ type: 'join', conversation_id: conversationId });
    await nextFrame(client, (frame) => frame.type === 'joined' && frame.conversation_id === conversationId, `${principal} joined`);
    return client;
  };

  describe('controls: the forged tokens differ from accepted ones only in their expiry', () => {
    it('an access token forged like the expired one, but unexpired, passes REST, the handshake and /ws', async () => {
      const token = forgeAccessToken(cast.member.user.id, 600);
      await request(server.url).get('/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      await connectSocket(server, { token });
      const raw = await openRaw(server, token);
      raw.send({ type: 'join', conversation_id: cast.conversation.id });
      await nextFrame(raw, (frame) => frame.type === 'joined', 'joined');
    });

    it('a real refresh token re-signed with a future expiry rotates', async () => {
      const session = await loginAgain(server, cast.member);
      const resigned = resignRefreshToken(session.tokens.refresh_token, 600);
      await request(server.url).post('/auth/refresh').send({ refresh_token: resigned }).expect(200);
    });

    it('every route of the OpenAPI document has a row in the matrix', async () => {
      const document = (await request(server.url).get('/docs-json').expect(200)).body as { paths: Record<string, object> };
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
      const inMatrix = new Set(restMatrix().map((row) => row.route));
      expect(documented.filter((route) => !inMatrix.has(route))).toEqual([]);
    });
  });

  describe('REST', () => {
    for (const row of restMatrix()) {
      for (const principal of PRINCIPALS) {
        const outcome = row.expected[principal];
        it(cellName(row.route, row.target, principal, `${outcome.status}${outcome.code ? ` ${outcome.code}` : ''}`), async () => {
          const { response, state } = await row.act({ cast, principal });
          if (response.status !== outcome.status) throw new Error(`expected ${outcome.status}, got ${response.status}: ${response.text}`);
          if (outcome.code) {
            expectProblem(response, outcome.status, outcome.code);
            if (outcome.status === 401) expect(response.headers['www-authenticate']).toBe('Bearer');
            expectNoLeak(cast, response.body);
          }
          await outcome.check?.(response, state, { cast, principal });
        });
      }
    }
  });

  describe('Socket.IO', () => {
    /** Where a Socket.IO client may put its token (SPEC §6). */
    const handshakes: Record<string, (token: string) => Parameters<typeof connectSocket>[1]> = {
      'token in auth': (token) => ({ token }),
      'token in ?token=': (token) => ({ query: { token } }),
      'token in an Authorization header': (token) => ({ headers: { Authorization: `Bearer ${token}` } }),
    };
    for (const [where, options] of Object.entries(handshakes)) {
      for (const principal of PRINCIPALS) {
        const accepted = (AUTHENTICATED as readonly Principal[]).includes(principal);
        it(cellName('handshake', where, principal, accepted ? 'connected as itself' : 'connect_error UNAUTHORIZED'), async () => {
          const token = tokenOf(principal);
          const connecting = connectSocket(server, token === undefined ? {} : options(token));
          if (!accepted) return expect(connecting).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
          // Connected as whom? Its own conversations tell: the member's devices see the conversation, the outsider does not.
          const ack: Ack<SyncResponse> = await (await connecting).timeout(5000).emitWithAck('sync', { conversations: [] });
          const seen = ack.ok ? ack.conversations.map((conversation) => conversation.id) : [];
          expect(seen.includes(cast.conversation.id)).toBe(principal !== 'non-member');
          expect(seen.includes(cast.outsiderConversation.id)).toBe(principal === 'non-member');
        });
      }
    }

    for (const row of socketMatrix()) {
      for (const principal of AUTHENTICATED) {
        const { ack: answer, check } = row.expected[principal];
        it(cellName(row.event, row.target, principal, isRefusal(answer) ? `ack ${answer}` : 'ack ok'), async () => {
          const before = (await row.snapshot?.(cast)) ?? 0;
          const socket: ChatClient = await socketOf(principal);
          const ack = (await socket.timeout(5000).emitWithAck(row.event as 'sync', row.payload(cast, principal) as never)) as Ack<object>;
          if (isRefusal(answer)) expect(ack).toMatchObject({ ok: false, error: { code: answer } });
          else expect(ack).toMatchObject({ ok: true });
          await check?.(ack, cast, before);
          if (isRefusal(answer)) await row.unchanged?.(cast, before);
        });
      }
      for (const principal of UNAUTHENTICATED) {
        it(cellName(row.event, row.target, principal, 'connect_error UNAUTHORIZED'), async () => {
          const before = (await row.snapshot?.(cast)) ?? 0;
          await refusedHandshake(principal);
          await row.unchanged?.(cast, before);
        });
      }
    }
  });

  describe('raw /ws', () => {
    for (const principal of PRINCIPALS) {
      const accepted = (AUTHENTICATED as readonly Principal[]).includes(principal);
      it(cellName('/ws connect', undefined, principal, accepted ? 'joins its own conversation' : 'close 1008'), async () => {
        if (accepted) return void (await readyRaw(principal as AuthenticatedPrincipal));
        const client = await openRaw(server, tokenOf(principal));
        const closed = await client.closed;
        expect(closed.code).toBe(1008);
        expect(closed.reason).not.toBe('');
      });
    }

    for (const row of rawMatrix()) {
      for (const principal of AUTHENTICATED) {
        const expected = row.expected[principal];
        it(cellName(`/ws ${row.frame} frame`, row.target, principal, expected.reply), async () => {
          const client = await openRaw(server, tokenOf(principal));
          const sent = row.send(cast, principal);
          client.send(sent);
          if (expected.matches) {
            await nextFrame(client, (frame) => expected.matches?.(frame, sent) ?? false, expected.reply);
            expect(client.frames.filter((frame) => frame.type === 'error')).toEqual([]);
            return;
          }
          const code = expected.reply.replace('error ', '');
          await nextFrame(client, (frame) => frame.type === 'error', 'an error frame');
          expect(client.frames).toEqual([{ type: 'error', code, reason: expect.any(String) }]);
          expectNoLeak(cast, client.frames);
          await row.unchanged?.(cast, sent);
        });
      }
      for (const principal of UNAUTHENTICATED) {
        it(cellName(`/ws ${row.frame} frame`, row.target, principal, 'close 1008'), async () => {
          const client = await openRaw(server, tokenOf(principal));
          const sent = row.send(cast, 'refused');
          client.send(sent);
          expect((await client.closed).code).toBe(1008);
          expect(client.frames).toEqual([]);
          await row.unchanged?.(cast, sent);
        });
      }
    }
  });

  describe('broadcasts: every device of every member exactly once, nobody else', () => {
    /** The member's two devices and the outsider on both transports, ready; the fellow member's sockets to act with too. */
    const listen = async (): Promise<{
      listeners: Record<'socket.io' | 'ws', Record<AuthenticatedPrincipal, Listener>>;
      actors: Actors;
    }> => {
      const sockets = await Promise.all(AUTHENTICATED.map((principal) => socketOf(principal)));
      const raws = await Promise.all(AUTHENTICATED.map((principal) => readyRaw(principal)));
      const fellow = {
        socket: await connectSocket(server, { token: cast.fellow.tokens.access_token }),
        raw: await openRaw(server, cast.fellow.tokens.access_token),
      };
      const actors = { fellow, member: { socket: sockets[0], raw: raws[0] }, outsider: { socket: sockets[2], raw: raws[2] } };
      const byPrincipal = (make: (index: number) => Listener) =>
        Object.fromEntries(AUTHENTICATED.map((p, i) => [p, make(i)])) as Record<AuthenticatedPrincipal, Listener>;
      return {
        listeners: { 'socket.io': byPrincipal((i) => listenSocketIo(sockets[i])), ws: byPrincipal((i) => listenRaw(raws[i])) },
        actors,
      };
    };

    for (const row of RECEIPTS) {
      for (const transport of row.transports) {
        for (const principal of AUTHENTICATED) {
          const subject = transport === 'ws' ? `/ws ${row.event}` : `Socket.IO ${row.event}`;
          const member = principal !== 'non-member';
          it(cellName(subject, undefined, principal, member ? 'received exactly once' : 'nothing at all'), async () => {
            const prepared = (await row.prepare?.(cast)) ?? {};
            const { listeners, actors } = await listen();
            const isIt = await row.trigger(cast, actors, prepared);
            const count = (p: AuthenticatedPrincipal) => listeners[transport][p]().filter(isIt).length;
            // The positive control: both of the member's devices got it, so a stray delivery had its chance.
            await eventually(
              () => count('member') >= 1 && count("member's other device") >= 1,
              5000,
              `${row.event} on the member's devices`,
            );
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
          const { listeners, actors } = await listen();
          await row.attempt(cast, actors.outsider);
          // The positive control, sent after the refusal: once it is in, anything the attempt caused would be too.
          const messageId = `after-${randomUUID()}`;
          await request(server.url)
            .post('/messages')
            .set('Authorization', cast.fellow.bearer)
            .send({ conversation_id: cast.conversation.id, message_id: messageId, content: 'control' })
            .expect(201);
          const heard = () => [...listeners['socket.io'][principal](), ...listeners.ws[principal]()];
          await eventually(() => heard().filter(isMessage(messageId)).length === 2, 5000, 'the control on both transports');
          await pause(SETTLE_MS);
          expect(
            heard().filter(
              (received) => JSON.stringify(received).includes(cast.outsider.user.id) || JSON.stringify(received).includes('intrusion'),
            ),
          ).toEqual([]);
        });
      }
    }
  });
});
