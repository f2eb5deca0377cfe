import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets } from '../support/sockets';
import { connectDevice, handshake, refusal, sessionIdOf, sessionsOf, signInAgain } from './session-clients';

/** SPEC 10.7: a session is one sign-in; ending it by any path refuses its tokens at once and cuts its sockets. */
describe('sessions', () => {
  let server: RunningServer;
  let alice: TestUser;

  beforeAll(async () => {
    server = await startServer();
    alice = await registerUser(server, 'sessions');
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  it('lists where the user is signed in: user agent, times, and which one is this', async () => {
    const laptop = await signInAgain(server, alice, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0');
    const phone = await signInAgain(server, alice, 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari');
    const sessions = await sessionsOf(server, phone);
    expect(sessions[0]).toEqual({
      id: sessionIdOf(phone),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      last_used_at: expect.any(String),
      user_agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari',
      current: true,
    });
    expect(sessions.find((session) => session.id === sessionIdOf(laptop))).toMatchObject({
      current: false,
      user_agent: expect.stringContaining('Firefox'),
    });
    const bob = await registerUser(server, 'sessions_bob');
    expect((await sessionsOf(server, bob)).map((session) => session.id)).toEqual([sessionIdOf(bob)]);
  });

  it('signs another device out: its access token is refused at once, its sockets are told why and cut', async () => {
    const here = await signInAgain(server, alice);
    const there = await signInAgain(server, alice);
    const device = await connectDevice(server, there);
    await request(server.url)
      .delete(`/auth/sessions/${sessionIdOf(there)}`)
      .set('Authorization', here.bearer)
      .expect(204);
    expect(await refusal(server, there)).toEqual({ status: 401, session_ended: 'revoked' });
    expect(await device.disconnected).toBe('io server disconnect');
    expect(device.endings).toEqual([{ reason: 'revoked' }]);
    expect(await device.raw.closed).toEqual({ code: 1008, reason: 'This session was signed out from another device' });
    expect(await handshake(server, there)).toMatchObject({ code: 'UNAUTHORIZED', session_ended: 'revoked' });
    const refreshed = await request(server.url).post('/auth/refresh').send({ refresh_token: there.tokens.refresh_token });
    expect(refreshed.body).toMatchObject({ status: 401, session_ended: 'revoked' });
    // This device is untouched, and the ended session is no longer listed.
    await request(server.url).get('/auth/me').set('Authorization', here.bearer).expect(200);
    expect((await sessionsOf(server, here)).map((session) => session.id)).not.toContain(sessionIdOf(there));
    await request(server.url)
      .delete(`/auth/sessions/${sessionIdOf(there)}`)
      .set('Authorization', here.bearer)
      .expect(204);
  });

  it('logging out ends the session: the access token stops working before it expires, and the sockets go', async () => {
    const session = await signInAgain(server, alice);
    const device = await connectDevice(server, session);
    await request(server.url).post('/auth/logout').send({ refresh_token: session.tokens.refresh_token }).expect(204);
    expect(await refusal(server, session)).toEqual({ status: 401, session_ended: 'logout' });
    expect(await device.disconnected).toBe('io server disconnect');
    expect(device.endings).toEqual([{ reason: 'logout' }]);
    expect((await device.raw.closed).code).toBe(1008);
  });

  it('a reused refresh token ends its session, access tokens and sockets included', async () => {
    const session = await signInAgain(server, alice);
    const rotated = await request(server.url).post('/auth/refresh').send({ refresh_token: session.tokens.refresh_token }).expect(200);
    const current = { ...session, tokens: rotated.body, bearer: `Bearer ${rotated.body.access_token}` };
    const device = await connectDevice(server, current);
    await new Promise((resolve) => setTimeout(resolve, 5500)); // past the 5 s grace of two tabs
    await request(server.url).post('/auth/refresh').send({ refresh_token: session.tokens.refresh_token }).expect(401);
    expect(await refusal(server, current)).toEqual({ status: 401, session_ended: 'reuse_detected' });
    expect(await refusal(server, session)).toEqual({ status: 401, session_ended: 'reuse_detected' });
    expect(await device.disconnected).toBe('io server disconnect');
    expect(device.endings).toEqual([{ reason: 'reuse_detected' }]);
  });

  it('ending the current session is a sign-out of this device', async () => {
    const session = await signInAgain(server, alice);
    await request(server.url)
      .delete(`/auth/sessions/${sessionIdOf(session)}`)
      .set('Authorization', session.bearer)
      .expect(204);
    expect(await refusal(server, session)).toEqual({ status: 401, session_ended: 'logout' });
  });

  it("never ends another user's session: 404, and it keeps working", async () => {
    const bob = await registerUser(server, 'sessions_other');
    const response = await request(server.url)
      .delete(`/auth/sessions/${sessionIdOf(bob)}`)
      .set('Authorization', alice.bearer);
    expect(response.status).toBe(404);
    await request(server.url).get('/auth/me').set('Authorization', bob.bearer).expect(200);
  });

  it('keeps refusing an ended session after a restart (the set is rebuilt from the database)', async () => {
    const session = await signInAgain(server, alice);
    await request(server.url)
      .delete(`/auth/sessions/${sessionIdOf(session)}`)
      .set('Authorization', alice.bearer)
      .expect(204);
    await server.stop();
    server = await server.restart();
    expect(await refusal(server, session)).toEqual({ status: 401, session_ended: 'revoked' });
    await request(server.url).get('/auth/me').set('Authorization', alice.bearer).expect(200);
  });
});
