import type { Conversation, Message, TokenResponse } from '@pneumatic/contracts';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import type { RunningServer } from '../support/server';

/** The suite starts its server with this key, so it can sign tokens the server would accept but for their expiry. */
export const MATRIX_SECRET_KEY = 'authz-matrix-secret-0123456789abcdef0123456789';

/**
 * Who knocks. "wrong token type" is a refresh token where an access token belongs (and, on /auth/refresh and
 * /auth/logout, an access token where a refresh token belongs); "member's other device" is a second login of
 * the member: a session and sockets of its own.
 */
export const AUTHENTICATED = ['member', "member's other device", 'non-member'] as const;
export const UNAUTHENTICATED = ['anonymous', 'expired token', 'wrong token type'] as const;
export const PRINCIPALS = [...AUTHENTICATED, ...UNAUTHENTICATED] as const;
export type Principal = (typeof PRINCIPALS)[number];

/** A cell's test name, e.g. "POST /messages × non-member → 403 FORBIDDEN". */
export const cellName = (subject: string, target: string | undefined, principal: Principal, answer: string): string =>
  `${subject}${target ? ` (${target})` : ''} × ${principal} → ${answer}`;

/** The people of the suite, and a conversation whose title and content must never reach a non-member. */
export interface Cast {
  readonly server: RunningServer;
  /** A member of the conversation (its first session). */
  readonly member: TestUser;
  /** The same user logged in a second time. */
  readonly otherDevice: TestUser;
  /** The other member of the conversation: the one who acts while the others listen. */
  readonly fellow: TestUser;
  /** In no conversation with member or fellow. */
  readonly outsider: TestUser;
  /** The outsider's only conversation (with someone who never connects). */
  readonly outsiderConversation: Conversation;
  readonly conversation: Conversation;
  readonly secretContent: string;
  /** The fellow's message with the secret content (edited once, so it has a revision). */
  readonly secretMessage: Message;
}

export async function assembleCast(server: RunningServer): Promise<Cast> {
  const [member, fellow, outsider, stranger] = await Promise.all(
    ['member', 'fellow', 'outsider', 'stranger'].map((n) => registerUser(server, n)),
  );
  const otherDevice = await loginAgain(server, member);
  const secret = randomBytes(6).toString('hex');
  const conversation = await createGroup(member, [fellow], `Secret plans ${secret}`);
  const outsiderConversation = await createGroup(outsider, [stranger], 'Elsewhere');
  const secretContent = `the secret is ${secret}`;
  const draft: Message = (await sendRest(server, fellow, conversation.id, `the secret was ${secret}`).expect(201)).body;
  const secretMessage: Message = (
    await request(server.url).patch(`/messages/${draft.id}`).set('Authorization', fellow.bearer).send({ content: secretContent }).expect(200)
  ).body;
  return { server, member, otherDevice, fellow, outsider, outsiderConversation, conversation, secretContent, secretMessage };

  async function createGroup(owner: TestUser, others: TestUser[], title: string): Promise<Conversation> {
    const response = await request(server.url)
      .post('/conversations')
      .set('Authorization', owner.bearer)
      .send({ title, member_ids: others.map((o) => o.user.id), is_group: true })
      .expect(201);
    return response.body;
  }
}

/** A further session of the same user, as a second device has. */
export async function loginAgain(server: RunningServer, user: TestUser): Promise<TestUser> {
  const login = await request(server.url).post('/auth/login').send({ username: user.user.username, password: user.password }).expect(200);
  const tokens: TokenResponse = login.body;
  return { ...user, tokens, bearer: `Bearer ${tokens.access_token}` };
}

export function sendRest(server: RunningServer, sender: TestUser, conversationId: string, content = 'hello'): request.Test {
  return request(server.url)
    .post('/messages')
    .set('Authorization', sender.bearer)
    .send({ conversation_id: conversationId, message_id: `m-${randomUUID()}`, content });
}

/** The access token a principal presents (undefined: none at all). */
export function accessTokenOf(cast: Cast, principal: Principal): string | undefined {
  switch (principal) {
    case 'member':
      return cast.member.tokens.access_token;
    case "member's other device":
      return cast.otherDevice.tokens.access_token;
    case 'non-member':
      return cast.outsider.tokens.access_token;
    case 'anonymous':
      return undefined;
    case 'expired token':
      return forgeAccessToken(cast.member.user.id, -3600, sessionOf(cast.member));
    case 'wrong token type':
      return cast.member.tokens.refresh_token;
  }
}

/** The user a principal acts as, for those that authenticate. */
export function userOf(cast: Cast, principal: Principal): TestUser {
  if (principal === 'non-member') return cast.outsider;
  return principal === "member's other device" ? cast.otherDevice : cast.member;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The session (`sid`) a user's tokens name: the family of its refresh token. */
export function sessionOf(user: TestUser): string {
  return JSON.parse(Buffer.from(user.tokens.refresh_token.split('.')[1], 'base64url').toString('utf8')).fam;
}

/** An access token shaped exactly like the server's, expiring `expiresIn` seconds from now (negative: in the past). */
export function forgeAccessToken(userId: string, expiresIn: number, sessionId: string): string {
  const iat = nowSeconds() + Math.min(expiresIn, 0) - 60;
  const claims = {
    type: 'access',
    sub: userId,
    jti: randomUUID(),
    sid: sessionId,
    iat,
    exp: nowSeconds() + expiresIn,
    iss: 'pneumatic',
    aud: 'pneumatic-api',
  };
  return sign({ alg: 'HS256', typ: 'at+jwt' }, claims);
}

/** A real refresh token re-signed with another expiry: the same jti and family, so only the expiry differs. */
export function resignRefreshToken(refreshToken: string, expiresIn: number): string {
  const claims = JSON.parse(Buffer.from(refreshToken.split('.')[1], 'base64url').toString('utf8'));
  return sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: nowSeconds() - 7200, exp: nowSeconds() + expiresIn });
}

function sign(header: object, payload: object): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const body = `${encode(header)}.${encode(payload)}`;
  return `${body}.${createHmac('sha256', MATRIX_SECRET_KEY).update(body).digest('base64url')}`;
}

/** Fails when anything about the conversation — its title, its content, who is in it — appears in `payload`. */
export function expectNoLeak(cast: Cast, payload: unknown, options: { conversationId?: boolean } = {}): void {
  const text = JSON.stringify(payload) ?? '';
  const secrets = [cast.conversation.title ?? '', cast.secretContent, cast.secretContent.replace(' is ', ' was '), cast.member.user.id, cast.fellow.user.id];
  if (options.conversationId) secrets.push(cast.conversation.id);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/** The newest seq of the conversation, as its fellow member sees it. */
export async function lastSeq(cast: Cast): Promise<number> {
  const response = await request(cast.server.url)
    .get(`/conversations/${cast.conversation.id}`)
    .set('Authorization', cast.fellow.bearer)
    .expect(200);
  return (response.body as Conversation).last_seq;
}

/** Whether the history holds a message with this content. */
export async function historyHas(cast: Cast, content: string): Promise<boolean> {
  const response = await request(cast.server.url)
    .get(`/conversations/${cast.conversation.id}/messages?limit=100`)
    .set('Authorization', cast.fellow.bearer)
    .expect(200);
  return (response.body.messages as Message[]).some((message) => message.content === content);
}

/** A refused read or send leaves the conversation as it was: the outsider neither joined it nor got a read marker in it. */
export async function expectOutsiderAbsent(cast: Cast): Promise<void> {
  const seen = await request(cast.server.url)
    .get(`/conversations/${cast.conversation.id}`)
    .set('Authorization', cast.fellow.bearer)
    .expect(200);
  expect(JSON.stringify([seen.body.members, seen.body.read_markers])).not.toContain(cast.outsider.user.id);
}
