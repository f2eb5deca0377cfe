import type { Conversation, Message, User } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { uniqueUsername } from '../support/client';
import {
  accessTokenOf,
  Cast,
  expectNoLeak,
  expectOutsiderAbsent,
  lastSeq,
  loginAgain,
  Principal,
  PRINCIPALS,
  resignRefreshToken,
  userOf,
} from './authorization-cast';

/** One cell's call: the principal, and the state the row's `act` captured for its checks. */
export interface RestCell {
  readonly cast: Cast;
  readonly principal: Principal;
}

export type Check<S> = (response: request.Response, state: S, cell: RestCell) => Promise<void> | void;
export type RestOutcome<S> = { readonly status: number; readonly code?: string; readonly check?: Check<S> };

/** A route (as the OpenAPI document names it) and what each principal gets from it. */
export interface RestRow<S = unknown> {
  readonly route: string;
  /** What the call is aimed at, when the route is tried on more than one target. */
  readonly target?: string;
  act(cell: RestCell): Promise<{ response: request.Response; state: S }>;
  readonly expected: Readonly<Record<Principal, RestOutcome<S>>>;
}

export const ok = <S>(status: number, check?: Check<S>): RestOutcome<S> => ({ status, check });
export const denied = <S>(status: number, code: string, check?: Check<S>): RestOutcome<S> => ({ status, code, check });
const everyone = <S>(outcome: RestOutcome<S>) =>
  Object.fromEntries(PRINCIPALS.map((p) => [p, outcome])) as Record<Principal, RestOutcome<S>>;
/** Who gets in gets `success` (a non-member: `nonMember`); the rest 401, after which `onRefusal` runs. */
export const authenticatedOnly = <S>(
  success: RestOutcome<S>,
  nonMember: RestOutcome<S> = success,
  onRefusal?: Check<S>,
): Record<Principal, RestOutcome<S>> => ({
  member: success,
  "member's other device": success,
  'non-member': nonMember,
  anonymous: denied(401, 'UNAUTHORIZED', onRefusal),
  'expired token': denied(401, 'UNAUTHORIZED', onRefusal),
  'wrong token type': denied(401, 'UNAUTHORIZED', onRefusal),
});
export const row = <S>(definition: RestRow<S>): RestRow => definition as unknown as RestRow;

/** A call with the principal's bearer token, if it has one. */
export function call(cell: RestCell, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string): request.Test {
  const test = request(cell.cast.server.url)[method](path);
  const token = accessTokenOf(cell.cast, cell.principal);
  return token === undefined ? test : test.set('Authorization', `Bearer ${token}`);
}
export const stateless = async (response: request.Test) => ({ response: await response, state: undefined });
const conversationPath = (cell: RestCell, target: 'member' | 'unknown') =>
  `/conversations/${target === 'unknown' ? randomUUID() : cell.cast.conversation.id}`;

const expectCaller = (response: request.Response, cell: RestCell) =>
  expect(response.body.id).toBe(userOf(cell.cast, cell.principal).user.id);
const expectConversation = (response: request.Response, cell: RestCell) =>
  expect(response.body).toMatchObject({
    id: cell.cast.conversation.id,
    title: cell.cast.conversation.title,
    members: expect.arrayContaining([cell.cast.member.user.id, cell.cast.fellow.user.id]),
  });
const expectForbiddenUnseen: Check<unknown> = (response, _, cell) => {
  expect(response.body.detail).toBe('You are not a member of this conversation');
  expectNoLeak(cell.cast, response.body);
};

/** A refresh-token route tried with each principal's own fresh session (so no cell spends another's token). */
function sessionRow(route: '/auth/refresh' | '/auth/logout', success: number): RestRow {
  type Sessions = { presented?: string; spare?: string };
  const refresh = (cast: Cast, token: string) => request(cast.server.url).post('/auth/refresh').send({ refresh_token: token });
  const spareStillWorks: Check<Sessions> = async (_, state, cell) => {
    if (state.spare) expect((await refresh(cell.cast, state.spare)).status).toBe(200);
  };
  return row<Sessions>({
    route: `POST ${route}`,
    async act({ cast, principal }) {
      const post = () => request(cast.server.url).post(route);
      if (principal === 'anonymous') return { response: await post(), state: {} };
      const session = await loginAgain(cast.server, principal === 'non-member' ? cast.outsider : cast.member);
      if (principal === 'expired token') {
        const presented = resignRefreshToken(session.tokens.refresh_token, -3600);
        return { response: await post().send({ refresh_token: presented }), state: { presented, spare: session.tokens.refresh_token } };
      }
      if (principal === 'wrong token type') {
        // The refresh token as a bearer token (no body), then the access token in the body: both refused.
        expect((await post().set('Authorization', `Bearer ${session.tokens.refresh_token}`)).status).toBe(401);
        return {
          response: await post().send({ refresh_token: session.tokens.access_token }),
          state: { spare: session.tokens.refresh_token },
        };
      }
      // The other device rotates or logs out its own session; the member's first session must not notice.
      const spare = principal === "member's other device" ? (await loginAgain(cast.server, cast.member)).tokens.refresh_token : undefined;
      return {
        response: await post().send({ refresh_token: session.tokens.refresh_token }),
        state: { presented: session.tokens.refresh_token, spare },
      };
    },
    expected: {
      ...everyone(denied<Sessions>(401, 'UNAUTHORIZED', spareStillWorks)),
      ...Object.fromEntries(
        (['member', "member's other device", 'non-member'] as const).map((p) => [
          p,
          ok<Sessions>(success, async (response, state, cell) => {
            if (success === 200)
              expect(response.body).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
            // After a logout the presented session is dead.
            if (success === 204) expect((await refresh(cell.cast, state.presented ?? '')).status).toBe(401);
            await spareStillWorks(response, state, cell);
          }),
        ]),
      ),
    },
  });
}

/** Routes whose answers depend on the conversation: tried on the member's conversation and on one that does not exist. */
function conversationRows(): RestRow[] {
  const rows: RestRow[] = [];
  for (const target of ['member', 'unknown'] as const) {
    const label = target === 'unknown' ? 'unknown conversation' : undefined;
    const notFound = denied<unknown>(404, 'NOT_FOUND', (response, _, cell) => expectNoLeak(cell.cast, response.body));
    const forbidden = target === 'unknown' ? notFound : denied(403, 'FORBIDDEN', expectForbiddenUnseen);
    const success = <S>(status: number, check?: Check<S>) => (target === 'unknown' ? (notFound as RestOutcome<S>) : ok(status, check));
    rows.push(
      row({
        route: 'GET /conversations/{id}',
        target: label,
        act: (cell) => stateless(call(cell, 'get', conversationPath(cell, target))),
        expected: authenticatedOnly(
          success(200, (response, _, cell) => expectConversation(response, cell)),
          forbidden,
        ),
      }),
      row({
        route: 'GET /conversations/{id}/messages',
        target: label,
        act: (cell) => stateless(call(cell, 'get', `${conversationPath(cell, target)}/messages`)),
        expected: authenticatedOnly(
          success(200, (response, _, cell) =>
            expect((response.body.messages as Message[]).map((m) => m.content)).toContain(cell.cast.secretContent),
          ),
          forbidden,
        ),
      }),
      row({
        route: 'GET /conversations/{id}/changes',
        target: label,
        act: (cell) => stateless(call(cell, 'get', `${conversationPath(cell, target)}/changes`)),
        expected: authenticatedOnly(
          success(200, (response, _, cell) =>
            expect((response.body.messages as Message[]).map((m) => m.content)).toContain(cell.cast.secretContent),
          ),
          forbidden,
        ),
      }),
      row<number>({
        route: 'POST /conversations/{id}/read',
        target: label,
        act: async (cell) => ({ response: await call(cell, 'post', `${conversationPath(cell, target)}/read`).send({ seq: 1 }), state: 0 }),
        expected: authenticatedOnly(
          success(200, (response, _, cell) =>
            expect(response.body).toMatchObject({ id: cell.cast.conversation.id, last_read_seq: expect.any(Number) }),
          ),
          withCheck(forbidden as RestOutcome<number>, noMarkerWritten),
        ),
      }),
      row<number>({
        route: 'PUT /conversations/{id}/settings',
        target: label,
        act: async (cell) => ({ response: await call(cell, 'put', `${conversationPath(cell, target)}/settings`).send({ muted: false }), state: 0 }),
        expected: authenticatedOnly(
          success(200, (response, _, cell) => expect(response.body).toMatchObject({ id: cell.cast.conversation.id, muted: false })),
          forbidden as RestOutcome<number>,
        ),
      }),
      row<number>({
        route: 'POST /messages',
        target: label,
        act: async (cell) => {
          const before = await lastSeq(cell.cast);
          const conversationId = target === 'unknown' ? randomUUID() : cell.cast.conversation.id;
          const body = { conversation_id: conversationId, message_id: `m-${randomUUID()}`, content: `from ${cell.principal}` };
          return { response: await call(cell, 'post', '/messages').send(body), state: before };
        },
        expected: authenticatedOnly(
          success<number>(201, (response, before, cell) =>
            expect(response.body).toMatchObject({
              seq: before + 1,
              sender_id: userOf(cell.cast, cell.principal).user.id,
              content: `from ${cell.principal}`,
            }),
          ),
          withCheck(forbidden as RestOutcome<number>, nothingStored),
          nothingStored,
        ),
      }),
    );
  }
  return rows;
}

/**
 * Routes that name a message by id (SPEC 10.2): tried on a fresh message of the member's own, on the fellow member's
 * message, and on an unknown id. A member who is not the author gets 403; a non-member 403 as for reading; unknown 404.
 */
function messageRows(): RestRow[] {
  type Target = 'own' | "the fellow's" | 'unknown';
  type Sent = { id: string; before?: Message };
  const rows: RestRow[] = [];
  for (const target of ['own', "the fellow's", 'unknown'] as const satisfies readonly Target[]) {
    const label = target === 'own' ? "the member's own message" : target === 'unknown' ? 'unknown message' : "the fellow's message";
    /** A message to aim at; each cell gets a new one of the member's, so that one cell's edit never meets another's. */
    const aim = async (cell: RestCell): Promise<Sent> => {
      if (target === 'unknown') return { id: randomUUID() };
      const author = target === 'own' ? cell.cast.member : cell.cast.fellow;
      const sent: Message = (await sendAs(cell, author, `aimed at by ${cell.principal}`)).body;
      return { id: sent.id, before: sent };
    };
    const unchanged: Check<Sent> = async (_, sent, cell) => {
      if (!sent.before) return;
      const now = await request(cell.cast.server.url).get(`/messages/${sent.id}/revisions`).set('Authorization', cell.cast.fellow.bearer).expect(200);
      expect(now.body.revisions).toEqual([]);
      const page = await request(cell.cast.server.url)
        .get(`/conversations/${cell.cast.conversation.id}/changes?after_change_seq=${sent.before.change_seq - 1}`)
        .set('Authorization', cell.cast.fellow.bearer)
        .expect(200);
      expect((page.body.messages as Message[]).find((m) => m.id === sent.id)).toEqual(sent.before);
    };
    const notFound = denied<Sent>(404, 'NOT_FOUND', (response, _, cell) => expectNoLeak(cell.cast, response.body));
    const notMember = denied<Sent>(403, 'FORBIDDEN', async (response, sent, cell) => {
      expectForbiddenUnseen(response, sent, cell);
      await unchanged(response, sent, cell);
    });
    const notAuthor = (detail: string) =>
      denied<Sent>(403, 'FORBIDDEN', async (response, sent, cell) => {
        expect(response.body.detail).toBe(detail);
        await unchanged(response, sent, cell);
      });
    const expected = (success: RestOutcome<Sent>, forAuthorOnly: string | null): Record<Principal, RestOutcome<Sent>> => {
      if (target === 'unknown') return authenticatedOnly(notFound, notFound);
      const member = target === "the fellow's" && forAuthorOnly ? notAuthor(forAuthorOnly) : success;
      return { ...authenticatedOnly(member, notMember, unchanged) };
    };
    rows.push(
      row<Sent>({
        route: 'PATCH /messages/{id}',
        target: label,
        act: async (cell) => {
          const sent = await aim(cell);
          return { response: await call(cell, 'patch', `/messages/${sent.id}`).send({ content: `edited by ${cell.principal}` }), state: sent };
        },
        expected: expected(
          ok<Sent>(200, (response, _, cell) => expect(response.body).toMatchObject({ content: `edited by ${cell.principal}`, edited_at: expect.any(String) })),
          'Only the author can edit a message',
        ),
      }),
      row<Sent>({
        route: 'DELETE /messages/{id}',
        target: label,
        act: async (cell) => {
          const sent = await aim(cell);
          return { response: await call(cell, 'delete', `/messages/${sent.id}`), state: sent };
        },
        expected: expected(
          ok<Sent>(204, async (_, sent, cell) => {
            const page = await request(cell.cast.server.url)
              .get(`/conversations/${cell.cast.conversation.id}/changes?after_change_seq=${(sent.before?.change_seq ?? 1) - 1}`)
              .set('Authorization', cell.cast.fellow.bearer)
              .expect(200);
            expect((page.body.messages as Message[]).find((m) => m.id === sent.id)).toMatchObject({ content: '', deleted_at: expect.any(String) });
          }),
          // The member created the group, so is its admin: SPEC 10.2 lets the author or an admin of the group delete.
          null,
        ),
      }),
      row<Sent>({
        route: 'PUT /messages/{id}/reactions/{emoji}',
        target: label,
        act: async (cell) => {
          const sent = await aim(cell);
          return { response: await call(cell, 'put', `/messages/${sent.id}/reactions/${THUMBS_UP}`), state: sent };
        },
        expected: expected(
          ok<Sent>(200, (response, _, cell) =>
            expect(response.body.reactions).toEqual([{ emoji: '👍', count: 1, user_ids: [userOf(cell.cast, cell.principal).user.id] }]),
          ),
          null,
        ),
      }),
      row<Sent>({
        route: 'DELETE /messages/{id}/reactions/{emoji}',
        target: label,
        act: async (cell) => {
          // The fellow reacts first: a caller can only ever take their own reaction away, never the fellow's.
          const sent = await aim(cell);
          if (sent.before) {
            const reacted = await request(cell.cast.server.url)
              .put(`/messages/${sent.id}/reactions/${THUMBS_UP}`)
              .set('Authorization', cell.cast.fellow.bearer)
              .expect(200);
            sent.before = reacted.body;
          }
          return { response: await call(cell, 'delete', `/messages/${sent.id}/reactions/${THUMBS_UP}`), state: sent };
        },
        expected: expected(
          ok<Sent>(200, (response, sent) => expect(response.body).toEqual(sent.before)),
          null,
        ),
      }),
      row<Sent>({
        route: 'GET /messages/{id}/revisions',
        target: label,
        act: async (cell) => {
          // The fellow's message is the cast's secret one, edited once: its revision must reach members only.
          const sent = target === "the fellow's" ? { id: cell.cast.secretMessage.id } : await aim(cell);
          return { response: await call(cell, 'get', `/messages/${sent.id}/revisions`), state: sent };
        },
        expected: expected(
          ok<Sent>(200, (response) => {
            if (target === "the fellow's") expect(response.body.revisions).toEqual([expect.objectContaining({ content: expect.stringContaining('secret was') })]);
            else expect(response.body).toEqual({ revisions: [] });
          }),
          null,
        ),
      }),
    );
  }
  return rows;
}

/**
 * Search (SPEC 10.5): a member finds the secret message by its current text (never by its revision); a non-member
 * finds nothing and learns nothing, and asking within the conversation is 403 as for reading it; unknown: 404.
 */
function searchRows(): RestRow[] {
  const secretWord = (cell: RestCell) => cell.cast.secretContent.split(' ').at(-1) as string;
  const search = (cell: RestCell, conversationId?: string) =>
    call(cell, 'get', '/search/messages').query({ q: secretWord(cell), ...(conversationId ? { conversation_id: conversationId } : {}) });
  const findsSecret: Check<unknown> = (response, _, cell) =>
    expect((response.body.results as { message: Message }[]).map((r) => r.message)).toEqual([cell.cast.secretMessage]);
  const notFound = denied<unknown>(404, 'NOT_FOUND', (response, _, cell) => expectNoLeak(cell.cast, response.body));
  return [
    row({
      route: 'GET /search/messages',
      act: (cell) => stateless(search(cell)),
      expected: authenticatedOnly(
        ok(200, findsSecret),
        ok(200, (response, _, cell) => {
          expect(response.body).toEqual({ results: [], next_cursor: null });
          expectNoLeak(cell.cast, response.body, { conversationId: true });
        }),
      ),
    }),
    row({
      route: 'GET /search/messages',
      target: 'within the conversation',
      act: (cell) => stateless(search(cell, cell.cast.conversation.id)),
      expected: authenticatedOnly(ok(200, findsSecret), denied(403, 'FORBIDDEN', expectForbiddenUnseen)),
    }),
    row({
      route: 'GET /search/messages',
      target: 'within an unknown conversation',
      act: (cell) => stateless(search(cell, randomUUID())),
      expected: authenticatedOnly(notFound, notFound),
    }),
  ];
}
const THUMBS_UP = encodeURIComponent('👍');

const sendAs = (cell: RestCell, author: { bearer: string }, content: string) =>
  request(cell.cast.server.url)
    .post('/messages')
    .set('Authorization', author.bearer)
    .send({ conversation_id: cell.cast.conversation.id, message_id: `m-${randomUUID()}`, content })
    .expect(201);

const noMarkerWritten: Check<unknown> = (_, __, cell) => expectOutsiderAbsent(cell.cast);
const nothingStored: Check<number> = async (_, before, cell) => expect(await lastSeq(cell.cast)).toBe(before);
const withCheck = <S>(outcome: RestOutcome<S>, extra: Check<S>): RestOutcome<S> => ({
  ...outcome,
  check: async (response, state, cell) => {
    await outcome.check?.(response, state, cell);
    await extra(response, state, cell);
  },
});

/** A public route: every principal gets it, whatever token it carries, and it tells nobody about anyone's conversation. */
const publicRow = (path: string, check: (response: request.Response) => void): RestRow =>
  row({
    route: `GET ${path}`,
    act: (cell) => stateless(call(cell, 'get', path)),
    expected: everyone(
      ok(200, (response, _, cell) => {
        check(response);
        expectNoLeak(cell.cast, response.text, { conversationId: true });
      }),
    ),
  });

export function restMatrix(): RestRow[] {
  return [
    row({
      route: 'POST /auth/signup',
      act: (cell) =>
        stateless(call(cell, 'post', '/auth/signup').send({ username: uniqueUsername('signup'), password: 'long-enough-password' })),
      expected: everyone(
        ok(201, (response) => expect(Object.keys(response.body).sort()).toEqual(['avatar_url', 'deactivated', 'full_name', 'id', 'username'])),
      ),
    }),
    row({
      route: 'POST /auth/login',
      act: (cell) =>
        stateless(
          call(cell, 'post', '/auth/login').send({ username: cell.cast.member.user.username, password: cell.cast.member.password }),
        ),
      expected: everyone(ok(200, (response) => expect(response.body.access_token).toEqual(expect.any(String)))),
    }),
    sessionRow('/auth/refresh', 200),
    sessionRow('/auth/logout', 204),
    row({
      route: 'GET /auth/me',
      act: (cell) => stateless(call(cell, 'get', '/auth/me')),
      expected: authenticatedOnly(ok(200, (r, _, c) => expectCaller(r, c))),
    }),
    row({
      route: 'GET /users',
      act: (cell) => stateless(call(cell, 'get', '/users')),
      expected: authenticatedOnly(
        ok(200, (response, _, cell) =>
          expect((response.body.users as User[]).map((u) => u.id)).not.toContain(userOf(cell.cast, cell.principal).user.id),
        ),
      ),
    }),
    row({
      route: 'GET /conversations',
      act: (cell) => stateless(call(cell, 'get', '/conversations')),
      expected: authenticatedOnly(
        ok(200, (response, _, cell) =>
          expect((response.body.conversations as Conversation[]).find((c) => c.id === cell.cast.conversation.id)).toBeDefined(),
        ),
        ok(200, (response, _, cell) => expectNoLeak(cell.cast, response.body, { conversationId: true })),
      ),
    }),
    row<string>({
      route: 'POST /conversations',
      act: async (cell) => {
        // The member and its device open a group with the fellow; the outsider one with itself only.
        const others = cell.principal === 'non-member' ? [] : [cell.cast.fellow.user.id];
        const title = `opened by ${cell.principal} ${randomUUID()}`;
        return { response: await call(cell, 'post', '/conversations').send({ title, member_ids: others, is_group: true }), state: title };
      },
      expected: authenticatedOnly(
        ok(201, (response, title, cell) =>
          expect(response.body).toMatchObject({ title, members: expect.arrayContaining([userOf(cell.cast, cell.principal).user.id]) }),
        ),
        undefined,
        async (_, title, cell) => {
          const seen = await request(cell.cast.server.url).get('/conversations').set('Authorization', cell.cast.fellow.bearer).expect(200);
          expect(JSON.stringify(seen.body)).not.toContain(title);
        },
      ),
    }),
    ...conversationRows(),
    ...messageRows(),
    ...searchRows(),
    row<number>({
      route: 'POST /messages',
      target: "another member's sender_id",
      act: async (cell) => {
        const before = await lastSeq(cell.cast);
        const body = {
          conversation_id: cell.cast.conversation.id,
          message_id: `m-${randomUUID()}`,
          content: 'spoofed',
          sender_id: cell.cast.fellow.user.id,
        };
        return { response: await call(cell, 'post', '/messages').send(body), state: before };
      },
      expected: authenticatedOnly(
        denied<number>(403, 'FORBIDDEN', async (response, before, cell) => {
          expect(response.body.detail).toBe('sender_id must match authenticated user');
          await nothingStored(response, before, cell);
        }),
        undefined,
        nothingStored,
      ),
    }),
    publicRow('/health', (response) => expect(response.body).toEqual({ status: 'healthy' })),
    publicRow('/ready', (response) => expect(response.body.status).toBe('ready')),
    publicRow('/metrics', (response) => expect(response.text).toContain('pneumatic_messages_sent_total')),
    publicRow('/docs', (response) => expect(response.text).toContain('swagger')),
    publicRow('/docs-json', (response) => expect(response.body.openapi).toMatch(/^3\./)),
  ];
}
