import type { Conversation } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import type { RunningServer } from '../support/server';
import { forgeAccessToken, sessionOf } from './authorization-cast';

/**
 * Who knocks at the routes that manage a group (SPEC 10.4): its admin, a member who is not one, a member the admin
 * removed (with the token they had before), someone in no conversation with them, a stranger without a token, and an
 * expired token. Every cell acts on a group of its own, so no cell sees another's change.
 */
export const GROUP_PRINCIPALS = ['admin', 'member', 'removed member', 'non-member', 'stranger', 'expired token'] as const;
export type GroupPrincipal = (typeof GROUP_PRINCIPALS)[number];

export interface GroupCast {
  readonly server: RunningServer;
  readonly admin: TestUser;
  readonly member: TestUser;
  readonly removed: TestUser;
  readonly outsider: TestUser;
  /** A member each row acts upon (removed, promoted). */
  readonly target: TestUser;
  /** Someone to add. */
  readonly newcomer: TestUser;
}

export async function assembleGroupCast(server: RunningServer): Promise<GroupCast> {
  const [admin, member, removed, outsider, target, newcomer] = await Promise.all(
    ['g_admin', 'g_member', 'g_removed', 'g_outsider', 'g_target', 'g_newcomer'].map((n) => registerUser(server, n)),
  );
  return { server, admin, member, removed, outsider, target, newcomer };
}

/** A group of the cast's own (the removed member already removed), and what it looked like then. */
async function freshGroup(cast: GroupCast): Promise<Conversation> {
  const title = `Managed ${randomUUID().slice(0, 8)}`;
  const created = await request(cast.server.url)
    .post('/conversations')
    .set('Authorization', cast.admin.bearer)
    .send({ title, member_ids: [cast.member.user.id, cast.removed.user.id, cast.target.user.id], is_group: true })
    .expect(201);
  await request(cast.server.url)
    .delete(`/conversations/${created.body.id}/members/${cast.removed.user.id}`)
    .set('Authorization', cast.admin.bearer)
    .expect(204);
  return (await request(cast.server.url).get(`/conversations/${created.body.id}`).set('Authorization', cast.admin.bearer).expect(200)).body;
}

function userOf(cast: GroupCast, principal: GroupPrincipal): TestUser {
  switch (principal) {
    case 'admin':
    case 'expired token':
    case 'stranger':
      return cast.admin;
    case 'member':
      return cast.member;
    case 'removed member':
      return cast.removed;
    case 'non-member':
      return cast.outsider;
  }
}

function tokenOf(cast: GroupCast, principal: GroupPrincipal): string | undefined {
  if (principal === 'stranger') return undefined;
  if (principal === 'expired token') return forgeAccessToken(cast.admin.user.id, -3600, sessionOf(cast.admin));
  return userOf(cast, principal).tokens.access_token;
}

type Method = 'post' | 'put' | 'patch' | 'delete';

export interface GroupCell {
  readonly cast: GroupCast;
  readonly principal: GroupPrincipal;
}

export interface GroupOutcome {
  readonly status: number;
  readonly code?: string;
  /** Runs after the answer, with the group as it was before the call. */
  readonly check?: (response: request.Response, before: Conversation, cell: GroupCell) => Promise<void>;
}

export interface GroupRow {
  readonly route: string;
  readonly target: string;
  act(cell: GroupCell): Promise<{ response: request.Response; before: Conversation }>;
  readonly expected: Readonly<Record<GroupPrincipal, GroupOutcome>>;
}

/** The group as its admin sees it now. */
const current = async (cast: GroupCast, id: string): Promise<Conversation> =>
  (await request(cast.server.url).get(`/conversations/${id}`).set('Authorization', cast.admin.bearer).expect(200)).body;

/** A refusal changed nothing: the same members, admins, title and newest seq. */
const unchanged = async (_: request.Response, before: Conversation, cell: GroupCell) => {
  const now = await current(cell.cast, before.id);
  const shape = (c: Conversation) => ({ members: c.members, admins: c.admins, title: c.title, last_seq: c.last_seq });
  expect(shape(now)).toEqual(shape(before));
};
const refused = (status: number, code: string, detail?: string): GroupOutcome => ({
  status,
  code,
  check: async (response, before, cell) => {
    if (detail) expect(response.body.detail).toBe(detail);
    // A non-member's refusal names nothing of the group.
    if (cell.principal !== 'admin' && cell.principal !== 'member') expect(JSON.stringify(response.body)).not.toContain(before.title ?? '');
    await unchanged(response, before, cell);
  },
});
const notMember = refused(403, 'FORBIDDEN', 'You are not a member of this conversation');
const unauthenticated = refused(401, 'UNAUTHORIZED');
/** One system message more, of this type. */
const recorded = async (cell: GroupCell, before: Conversation, type: string) => {
  const now = await current(cell.cast, before.id);
  expect(now.last_seq).toBe(before.last_seq + 1);
  expect(now.last_message).toMatchObject({ kind: 'system', system: { type } });
};

function row(
  route: string,
  target: string,
  call: (cell: GroupCell, group: Conversation) => { method: Method; path: string; body?: object },
  expected: Record<GroupPrincipal, GroupOutcome>,
): GroupRow {
  return {
    route,
    target,
    act: async (cell) => {
      const before = await freshGroup(cell.cast);
      const { method, path, body } = call(cell, before);
      const token = tokenOf(cell.cast, cell.principal);
      let test = request(cell.cast.server.url)[method](path);
      if (token !== undefined) test = test.set('Authorization', `Bearer ${token}`);
      return { response: await (body ? test.send(body) : test), before };
    },
    expected,
  };
}

/** Only the admin gets `success`; a member who is not one 403 `memberDetail`; the rest as for any conversation route. */
const adminOnly = (success: GroupOutcome, memberDetail: string): Record<GroupPrincipal, GroupOutcome> => ({
  admin: success,
  member: refused(403, 'FORBIDDEN', memberDetail),
  'removed member': notMember,
  'non-member': notMember,
  stranger: unauthenticated,
  'expired token': unauthenticated,
});

export function groupMatrix(): GroupRow[] {
  const members = (cell: GroupCell, group: Conversation) => `/conversations/${group.id}/members`;
  return [
    row(
      'POST /conversations/{id}/members',
      'a newcomer',
      (cell, group) => ({ method: 'post', path: members(cell, group), body: { user_ids: [cell.cast.newcomer.user.id] } }),
      adminOnly(
        {
          status: 200,
          check: async (response, before, cell) => {
            expect(response.body.members).toEqual([...before.members, cell.cast.newcomer.user.id]);
            await recorded(cell, before, 'member_added');
          },
        },
        'Only an admin of the group can add members',
      ),
    ),
    row(
      'DELETE /conversations/{id}/members/{user_id}',
      'another member',
      (cell, group) => ({ method: 'delete', path: `${members(cell, group)}/${cell.cast.target.user.id}` }),
      adminOnly(
        {
          status: 204,
          check: async (_, before, cell) => {
            expect((await current(cell.cast, before.id)).members).not.toContain(cell.cast.target.user.id);
            await recorded(cell, before, 'member_removed');
          },
        },
        'Only an admin of the group can remove members',
      ),
    ),
    row(
      'DELETE /conversations/{id}/members/{user_id}',
      'themself (leaving)',
      (cell, group) => ({ method: 'delete', path: `${members(cell, group)}/${userOf(cell.cast, cell.principal).user.id}` }),
      {
        ...adminOnly({ status: 204 }, ''),
        admin: {
          status: 204,
          check: async (_, before, cell) => {
            // The last admin left: the longest-standing member is the admin now (the two left joined together: the first by id).
            const now = (
              await request(cell.cast.server.url)
                .get(`/conversations/${before.id}`)
                .set('Authorization', cell.cast.member.bearer)
                .expect(200)
            ).body as Conversation;
            expect(now).toMatchObject({ admins: [[cell.cast.member.user.id, cell.cast.target.user.id].sort()[0]] });
            expect(now.members).not.toContain(cell.cast.admin.user.id);
          },
        },
        member: {
          status: 204,
          check: async (_, before, cell) => {
            expect((await current(cell.cast, before.id)).members).not.toContain(cell.cast.member.user.id);
            await recorded(cell, before, 'member_left');
          },
        },
      },
    ),
    row(
      'PUT /conversations/{id}/members/{user_id}',
      'another member',
      (cell, group) => ({ method: 'put', path: `${members(cell, group)}/${cell.cast.target.user.id}`, body: { role: 'admin' } }),
      adminOnly(
        {
          status: 200,
          check: async (response, before, cell) => {
            // Both joined with the group: listed in the order of their ids.
            expect(response.body.admins).toEqual([cell.cast.admin.user.id, cell.cast.target.user.id].sort());
            await recorded(cell, before, 'role_changed');
          },
        },
        'Only an admin of the group can change roles',
      ),
    ),
    row(
      'PATCH /conversations/{id}',
      'the group',
      (cell, group) => ({ method: 'patch', path: `/conversations/${group.id}`, body: { title: `by ${cell.principal}` } }),
      adminOnly(
        {
          status: 200,
          check: async (response, before, cell) => {
            expect(response.body.title).toBe('by admin');
            await recorded(cell, before, 'renamed');
          },
        },
        'Only an admin of the group can rename it',
      ),
    ),
    row(
      'PATCH /conversations/{id}',
      'an unknown conversation',
      () => ({ method: 'patch', path: `/conversations/${randomUUID()}`, body: { title: 'x' } }),
      {
        ...Object.fromEntries(GROUP_PRINCIPALS.map((p) => [p, refused(404, 'NOT_FOUND')])),
        stranger: unauthenticated,
        'expired token': unauthenticated,
      } as Record<GroupPrincipal, GroupOutcome>,
    ),
  ];
}

/** Runs one cell: the answer, its problem shape, and the row's check. */
export async function runGroupCell(row: GroupRow, cell: GroupCell): Promise<void> {
  const outcome = row.expected[cell.principal];
  const { response, before } = await row.act(cell);
  if (response.status !== outcome.status) throw new Error(`expected ${outcome.status}, got ${response.status}: ${response.text}`);
  if (outcome.code) {
    expectProblem(response, outcome.status, outcome.code);
    if (outcome.status === 401) expect(response.headers['www-authenticate']).toBe('Bearer');
  }
  await outcome.check?.(response, before, cell);
}
