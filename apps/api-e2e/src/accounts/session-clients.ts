import type { SessionEndReason, SessionInfo } from '@pneumatic/contracts';
import request from 'supertest';
import type { TestUser } from '../support/client';
import type { RunningServer } from '../support/server';
import { ChatClient, connectSocket, openRaw, RawClient, record } from '../support/sockets';

/** A further sign-in of the user, as another browser makes, naming itself by its User-Agent. */
export async function signInAgain(server: RunningServer, user: TestUser, userAgent = 'e2e'): Promise<TestUser> {
  const login = await request(server.url)
    .post('/auth/login')
    .set('User-Agent', userAgent)
    .send({ username: user.user.username, password: user.password })
    .expect(200);
  return { ...user, tokens: login.body, bearer: `Bearer ${login.body.access_token}` };
}

/** The session (`sid`) an access token names. */
export function sessionIdOf(user: TestUser): string {
  return JSON.parse(Buffer.from(user.tokens.access_token.split('.')[1], 'base64url').toString('utf8')).sid;
}

export async function sessionsOf(server: RunningServer, user: TestUser): Promise<SessionInfo[]> {
  return (await request(server.url).get('/auth/sessions').set('Authorization', user.bearer).expect(200)).body.sessions;
}

/** A device of a session on both transports, recording what the server says when the session ends. */
export interface Device {
  readonly socket: ChatClient;
  readonly raw: RawClient;
  /** Every `session:ended` the Socket.IO client received. */
  readonly endings: { reason: SessionEndReason }[];
  /** Resolves with the Socket.IO disconnect reason. */
  readonly disconnected: Promise<string>;
}

export async function connectDevice(server: RunningServer, user: TestUser): Promise<Device> {
  const socket = await connectSocket(server, { token: user.tokens.access_token });
  const endings = record(socket, 'session:ended');
  const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
  const raw = await openRaw(server, user.tokens.access_token);
  // The first frame is handled after authentication: an answer to it means the raw client is in.
  raw.send({ type: 'nonsense' });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('raw client not ready')), 5000);
    raw.socket.once('message', () => (clearTimeout(timer), resolve()));
  });
  return { socket, raw, endings, disconnected };
}

/** The 401 a REST call with this session's access token gets now. */
export async function refusal(server: RunningServer, user: TestUser): Promise<{ status: number; session_ended?: string }> {
  const response = await request(server.url).get('/conversations').set('Authorization', user.bearer);
  return { status: response.status, session_ended: response.body.session_ended };
}

/** What a fresh Socket.IO handshake with the session's token gets: `connected`, or the connect_error's data. */
export function handshake(server: RunningServer, user: TestUser): Promise<unknown> {
  return connectSocket(server, { token: user.tokens.access_token }).then(
    (socket) => (socket.close(), 'connected'),
    (error: Error & { data?: unknown }) => error.data,
  );
}
