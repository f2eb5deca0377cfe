import type { User } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import type { RunningServer } from '../support/server';
import { forgeAccessToken, loginAgain, sessionOf } from './authorization-cast';

/**
 * Who knocks at the administrators' routes: an administrator (ADMIN_USERNAMES), a user who is not one, a user an
 * administrator has deactivated (with the token they had before), a stranger without a token, and the unfit tokens.
 */
export const ADMIN_PRINCIPALS = ['administrator', 'user', 'deactivated user', 'stranger', 'expired token', 'wrong token type'] as const;
export type AdminPrincipal = (typeof ADMIN_PRINCIPALS)[number];
/** The suite's server is started with this as ADMIN_USERNAMES. */
export const MATRIX_ADMIN = 'matrix_admin';

export interface AdminCast {
  readonly server: RunningServer;
  readonly admin: TestUser;
  readonly user: TestUser;
  readonly deactivated: TestUser;
}

export async function assembleAdminCast(server: RunningServer): Promise<AdminCast> {
  const password = `pw-${randomUUID()}`;
  const signup = await request(server.url).post('/auth/signup').send({ username: MATRIX_ADMIN, password }).expect(201);
  const admin = await loginAgain(server, { user: signup.body, password } as TestUser);
  const [user, deactivated] = await Promise.all([registerUser(server, 'plain'), registerUser(server, 'banned')]);
  await deactivate(server, admin, deactivated).expect(200);
  return { server, admin, user, deactivated };
}

const deactivate = (server: RunningServer, actor: TestUser, target: TestUser) =>
  request(server.url).post(`/admin/users/${target.user.id}/deactivate`).set('Authorization', actor.bearer);

function tokenOf(cast: AdminCast, principal: AdminPrincipal): string | undefined {
  switch (principal) {
    case 'administrator':
      return cast.admin.tokens.access_token;
    case 'user':
      return cast.user.tokens.access_token;
    case 'deactivated user':
      return cast.deactivated.tokens.access_token;
    case 'stranger':
      return undefined;
    case 'expired token':
      return forgeAccessToken(cast.admin.user.id, -3600, sessionOf(cast.admin));
    case 'wrong token type':
      return cast.admin.tokens.refresh_token;
  }
}

function post(cast: AdminCast, principal: AdminPrincipal, path: string): request.Test {
  const token = tokenOf(cast, principal);
  const test = request(cast.server.url).post(path);
  return token === undefined ? test : test.set('Authorization', `Bearer ${token}`);
}

export interface AdminRow<S = unknown> {
  readonly route: string;
  readonly target?: string;
  act(cast: AdminCast, principal: AdminPrincipal): Promise<{ response: request.Response; state: S }>;
  readonly expected: Readonly<Record<AdminPrincipal, Outcome<S>>>;
}
interface Outcome<S> {
  readonly status: number;
  readonly code?: string;
  readonly check?: (response: request.Response, state: S, cast: AdminCast) => unknown;
}

/** The administrator gets `success`; a user 403; everyone else 401 (the deactivated user's session has ended). */
function adminOnly<S>(success: Outcome<S>, onRefusal?: Outcome<S>['check'], userOutcome?: Outcome<S>): AdminRow<S>['expected'] {
  const refused = (status: number, code: string): Outcome<S> => ({ status, code, check: onRefusal });
  return {
    administrator: success,
    user: userOutcome ?? refused(403, 'FORBIDDEN'),
    'deactivated user': refused(401, 'UNAUTHORIZED'),
    stranger: refused(401, 'UNAUTHORIZED'),
    'expired token': refused(401, 'UNAUTHORIZED'),
    'wrong token type': refused(401, 'UNAUTHORIZED'),
  };
}
const adminRow = <S>(definition: AdminRow<S>): AdminRow => definition as unknown as AdminRow;

const canLogIn = async (cast: AdminCast, victim: TestUser) =>
  (await request(cast.server.url).post('/auth/login').send({ username: victim.user.username, password: victim.password })).status === 200;

export function adminMatrix(): AdminRow[] {
  const victimUntouched = async (_: request.Response, victim: TestUser, cast: AdminCast) => {
    await request(cast.server.url).get('/auth/me').set('Authorization', victim.bearer).expect(200);
  };
  const stillDeactivated = async (_: request.Response, victim: TestUser, cast: AdminCast) =>
    expect(await canLogIn(cast, victim)).toBe(false);
  return [
    adminRow({
      route: 'GET /admin/users',
      act: async (cast, principal) => {
        const token = tokenOf(cast, principal);
        const test = request(cast.server.url).get('/admin/users?limit=100');
        return { response: await (token === undefined ? test : test.set('Authorization', `Bearer ${token}`)), state: undefined };
      },
      expected: adminOnly({
        status: 200,
        check: (response, _, cast) => {
          const users = response.body.users as User[];
          expect(users.find((user) => user.id === cast.deactivated.user.id)).toMatchObject({ deactivated: true });
          expect(users.map((user) => user.id)).toEqual(expect.arrayContaining([cast.admin.user.id, cast.user.user.id]));
        },
      }),
    }),
    adminRow<TestUser>({
      route: 'POST /admin/users/{id}/deactivate',
      target: 'a signed-in user',
      act: async (cast, principal) => {
        const victim = await registerUser(cast.server, 'victim');
        return { response: await post(cast, principal, `/admin/users/${victim.user.id}/deactivate`), state: victim };
      },
      expected: adminOnly<TestUser>(
        {
          status: 200,
          check: async (response, victim, cast) => {
            expect(response.body).toEqual({ ...victim.user, deactivated: true });
            const me = await request(cast.server.url).get('/auth/me').set('Authorization', victim.bearer);
            expect({ status: me.status, session_ended: me.body.session_ended }).toEqual({ status: 401, session_ended: 'deactivated' });
            expect(await canLogIn(cast, victim)).toBe(false);
          },
        },
        victimUntouched,
      ),
    }),
    adminRow<TestUser>({
      route: 'POST /admin/users/{id}/reactivate',
      target: 'a deactivated user',
      act: async (cast, principal) => {
        const victim = await registerUser(cast.server, 'pardoned');
        await deactivate(cast.server, cast.admin, victim).expect(200);
        return { response: await post(cast, principal, `/admin/users/${victim.user.id}/reactivate`), state: victim };
      },
      expected: adminOnly<TestUser>(
        {
          status: 200,
          check: async (response, victim, cast) => {
            expect(response.body).toEqual({ ...victim.user, deactivated: false });
            expect(await canLogIn(cast, victim)).toBe(true);
          },
        },
        stillDeactivated,
      ),
    }),
    ...(['deactivate', 'reactivate'] as const).map((action) =>
      adminRow({
        route: `POST /admin/users/{id}/${action}`,
        target: 'unknown user',
        act: async (cast, principal) => ({
          response: await post(cast, principal, `/admin/users/${randomUUID()}/${action}`),
          state: undefined,
        }),
        expected: adminOnly({ status: 404, code: 'NOT_FOUND' }),
      }),
    ),
    adminRow({
      route: 'POST /admin/users/{id}/deactivate',
      target: 'the administrator',
      act: async (cast, principal) => ({
        response: await post(cast, principal, `/admin/users/${cast.admin.user.id}/deactivate`),
        state: undefined,
      }),
      expected: adminOnly({
        status: 409,
        code: 'CONFLICT',
        check: (_, __, cast) => canLogIn(cast, cast.admin).then((yes) => expect(yes).toBe(true)),
      }),
    }),
  ];
}
