import type { Ack, SyncResponse } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectProblem } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { createPostgresDatabase, describeWhen, e2eDatabase, hasPostgres, hasRedis, REDIS_URL, TestDatabase } from '../support/services';
import { ChatClient, closeAllSockets, connectSocket, openRaw } from '../support/sockets';
import {
  accessTokenOf,
  assembleCast,
  AUTHENTICATED,
  Cast,
  cellName,
  expectNoLeak,
  forgeAccessToken,
  loginAgain,
  MATRIX_SECRET_KEY,
  PRINCIPALS,
  Principal,
  resignRefreshToken,
  sessionOf,
  UNAUTHENTICATED,
} from './authorization-cast';
import { announcementCells, broadcastCells, nextFrame, readyRaw } from './authorization-broadcasts';
import { accountRows } from './authorization-matrix.account';
import { attachmentRows } from './authorization-matrix.attachments';
import { ADMIN_PRINCIPALS, AdminCast, adminMatrix, assembleAdminCast, MATRIX_ADMIN } from './authorization-matrix.admin';
import { restMatrix } from './authorization-matrix.rest';
import { assembleGroupCast, GROUP_PRINCIPALS, GroupCast, groupMatrix, runGroupCell } from './authorization-matrix.groups';
import { AuthenticatedPrincipal, rawMatrix, socketMatrix } from './authorization-matrix.realtime';

/**
 * The authorization matrix of issue 10: every REST route, Socket.IO event, /ws frame and broadcast, tried by each
 * principal (see PRINCIPALS), one test per cell. SPEC §5: a non-member gets 403 for a conversation that exists and
 * 404 for one that does not; anyone not authenticated 401 with WWW-Authenticate (handshake: connect_error
 * UNAUTHORIZED; /ws: close 1008).
 */

const isRefusal = (answer: string) => answer !== 'ok';

describe('authorization matrix', () => {
  let server: RunningServer;
  let cast: Cast;
  let adminCast: AdminCast;
  let groupCast: GroupCast;

  beforeAll(async () => {
    server = await startServer({ env: { SECRET_KEY: MATRIX_SECRET_KEY, ADMIN_USERNAMES: MATRIX_ADMIN } });
    cast = await assembleCast(server);
    adminCast = await assembleAdminCast(server);
    groupCast = await assembleGroupCast(server);
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server?.dispose());

  const tokenOf = (principal: Principal) => accessTokenOf(cast, principal);
  const socketOf = (principal: Principal) => connectSocket(server, { token: tokenOf(principal) });
  const refusedHandshake = (principal: Principal) => expect(socketOf(principal)).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  const readyRawOf = (principal: AuthenticatedPrincipal) => readyRaw(server, cast, principal);

  describe('controls: the forged tokens differ from accepted ones only in their expiry', () => {
    it('an access token forged like the expired one, but unexpired, passes REST, the handshake and /ws', async () => {
      const token = forgeAccessToken(cast.member.user.id, 600, sessionOf(cast.member));
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
      const inMatrix = new Set(
        [...restMatrix(), ...accountRows(), ...attachmentRows(), ...adminMatrix(), ...groupMatrix()].map((row) => row.route),
      );
      expect(documented.filter((route) => !inMatrix.has(route))).toEqual([]);
    });
  });

  describe('REST', () => {
    for (const row of [...restMatrix(), ...accountRows(), ...attachmentRows()]) {
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

  describe('REST for administrators', () => {
    for (const row of adminMatrix()) {
      for (const principal of ADMIN_PRINCIPALS) {
        const outcome = row.expected[principal];
        const answer = `${outcome.status}${outcome.code ? ` ${outcome.code}` : ''}`;
        it(`${row.route}${row.target ? ` (${row.target})` : ''} × ${principal} → ${answer}`, async () => {
          const { response, state } = await row.act(adminCast, principal);
          if (response.status !== outcome.status) throw new Error(`expected ${outcome.status}, got ${response.status}: ${response.text}`);
          if (outcome.code) {
            expectProblem(response, outcome.status, outcome.code);
            if (outcome.status === 401) expect(response.headers['www-authenticate']).toBe('Bearer');
          }
          await outcome.check?.(response, state, adminCast);
        });
      }
    }
  });

  describe('REST for managing groups', () => {
    for (const row of groupMatrix()) {
      for (const principal of GROUP_PRINCIPALS) {
        const outcome = row.expected[principal];
        it(`${row.route} (${row.target}) × ${principal} → ${outcome.status}${outcome.code ? ` ${outcome.code}` : ''}`, () =>
          runGroupCell(row, { cast: groupCast, principal }));
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
          const prepared = (await row.prepare?.(cast)) ?? null;
          const before = (await row.snapshot?.(cast)) ?? 0;
          const socket: ChatClient = await socketOf(principal);
          const payload = row.payload(cast, principal, prepared);
          const ack = (await socket.timeout(5000).emitWithAck(row.event as 'sync', payload as never)) as Ack<object>;
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
        if (accepted) return void (await readyRawOf(principal as AuthenticatedPrincipal));
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
    broadcastCells(() => ({ cast, serverFor: () => server }));
  });

  describe('announcements: every signed-in device exactly once', () => {
    announcementCells(() => ({ cast, serverFor: () => server }));
  });
});

const describeAcrossInstances = describeWhen(
  hasPostgres() && hasRedis() && e2eDatabase() === 'postgres',
  'runs in the PostgreSQL pass (E2E_DB=postgres) with Redis',
);

/** SPEC §6: "reaches every connected device of every member, on every instance, once" — and nobody else there. */
describeAcrossInstances('authorization matrix across two instances (PostgreSQL and Redis)', () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  let cast: Cast;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: `authz-${randomUUID().slice(0, 8)}`,
      SECRET_KEY: MATRIX_SECRET_KEY,
    };
    // Started together on an empty database: they take turns migrating it.
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
    cast = await assembleCast(a);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await database?.drop();
  });

  describe("broadcasts caused on instance A: the member's first device there, its other device and the outsider on B", () => {
    broadcastCells(() => ({ cast, serverFor: (principal) => (principal === 'member' ? a : b) }));
  });

  describe('announcements caused on instance A, heard on both', () => {
    announcementCells(() => ({ cast, serverFor: (principal) => (principal === 'member' ? a : b) }));
  });
});
