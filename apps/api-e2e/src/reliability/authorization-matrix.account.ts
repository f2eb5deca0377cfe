import type { SessionInfo, User } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { TestUser } from '../support/client';
import { Cast, expectNoLeak, loginAgain, sessionOf, userOf } from './authorization-cast';
import { authenticatedOnly, call, Check, denied, ok, RestRow, row, stateless } from './authorization-matrix.rest';

/** What the fellow member sees of the member's name. */
async function memberName(cast: Cast): Promise<string | null> {
  const seen = await request(cast.server.url).get(`/users?ids=${cast.member.user.id}`).set('Authorization', cast.fellow.bearer).expect(200);
  return (seen.body.users as User[])[0].full_name;
}

/** The session was not ended: its access token still works (its refresh token is left unspent for later cells). */
async function expectAlive(cast: Cast, session: TestUser): Promise<void> {
  await request(cast.server.url).get('/auth/me').set('Authorization', session.bearer).expect(200);
}

/** The session has ended: its access token is refused with the reason, and its refresh token no longer rotates. */
async function expectEnded(cast: Cast, session: TestUser): Promise<void> {
  const me = await request(cast.server.url).get('/auth/me').set('Authorization', session.bearer);
  expect({ status: me.status, session_ended: me.body.session_ended }).toEqual({ status: 401, session_ended: 'revoked' });
  expect((await request(cast.server.url).post('/auth/refresh').send({ refresh_token: session.tokens.refresh_token })).status).toBe(401);
}

/** The caller's own account and sessions (`/auth/me`, `/auth/password`, `/auth/sessions`). */
export function accountRows(): RestRow[] {
  const nameUnchanged: Check<string> = async (_, name, cell) => expect(await memberName(cell.cast)).not.toBe(name);
  const spareAlive: Check<TestUser> = (_, spare, cell) => expectAlive(cell.cast, spare);
  return [
    row<string>({
      route: 'PATCH /auth/me',
      act: async (cell) => {
        const name = `Named by ${cell.principal} ${randomUUID().slice(0, 8)}`;
        return { response: await call(cell, 'patch', '/auth/me').send({ full_name: name }), state: name };
      },
      expected: authenticatedOnly(
        ok(200, (response, name, cell) =>
          expect(response.body).toMatchObject({ id: userOf(cell.cast, cell.principal).user.id, full_name: name }),
        ),
        undefined,
        nameUnchanged,
      ),
    }),
    row({
      // The right password would end the cast's other sessions: a wrong one shows who gets through to the rule.
      route: 'POST /auth/password',
      target: 'a wrong current password',
      act: (cell) =>
        stateless(
          call(cell, 'post', '/auth/password').send({ current_password: 'not-the-password', new_password: 'another-long-password' }),
        ),
      expected: authenticatedOnly(
        denied(400, 'VALIDATION_FAILED', async (response, _, cell) => {
          expect(response.body.errors).toEqual([{ field: 'current_password', message: expect.any(String) }]);
          await expectAlive(cell.cast, cell.cast.otherDevice);
        }),
        undefined,
        (_, __, cell) => expectAlive(cell.cast, cell.cast.otherDevice),
      ),
    }),
    row({
      route: 'GET /auth/sessions',
      act: (cell) => stateless(call(cell, 'get', '/auth/sessions')),
      expected: authenticatedOnly(
        ok(200, (response, _, cell) => {
          const sessions = response.body.sessions as SessionInfo[];
          const own = userOf(cell.cast, cell.principal);
          expect(sessions.filter((session) => session.current).map((session) => session.id)).toEqual([sessionOf(own)]);
          const sibling = cell.principal === 'member' ? cell.cast.otherDevice : cell.cast.member;
          expect(sessions.map((session) => session.id)).toContain(sessionOf(sibling));
        }),
        ok(200, (response, _, cell) => {
          const ids = (response.body.sessions as SessionInfo[]).map((session) => session.id);
          expect(ids).not.toContain(sessionOf(cell.cast.member));
          expect(ids).toContain(sessionOf(cell.cast.outsider));
        }),
      ),
    }),
    row<TestUser>({
      route: 'DELETE /auth/sessions/{id}',
      target: "a spare session of the member's",
      act: async (cell) => {
        const spare = await loginAgain(cell.cast.server, cell.cast.member);
        return { response: await call(cell, 'delete', `/auth/sessions/${sessionOf(spare)}`), state: spare };
      },
      expected: authenticatedOnly<TestUser>(
        ok(204, (_, spare, cell) => expectEnded(cell.cast, spare)),
        denied(404, 'NOT_FOUND', async (response, spare, cell) => {
          expectNoLeak(cell.cast, response.body);
          await expectAlive(cell.cast, spare);
        }),
        spareAlive,
      ),
    }),
    row({
      route: 'DELETE /auth/sessions/{id}',
      target: 'unknown session',
      act: (cell) => stateless(call(cell, 'delete', `/auth/sessions/${randomUUID()}`)),
      expected: authenticatedOnly(denied(404, 'NOT_FOUND')),
    }),
  ];
}
