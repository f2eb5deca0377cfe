import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { createPostgresDatabase, describeWhen, hasPostgres, hasRedis, REDIS_URL, TestDatabase } from '../support/services';
import { closeAllSockets, connectSocket, eventually, record } from '../support/sockets';
import { createDirect } from '../reliability/fixtures';
import { connectDevice, Device, refusal, sessionIdOf, signInAgain } from '../accounts/session-clients';

const describeScaleOut = describeWhen(hasPostgres() && hasRedis(), 'needs PostgreSQL and Redis');

/** What SPEC 10.7 promises: an ending on one instance refuses the session's tokens on every instance within a second. */
const WITHIN_A_SECOND = 1000;

describeScaleOut('sessions across two instances (PostgreSQL and Redis)', () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: `sessions-${randomBytes(4).toString('hex')}`,
      ADMIN_USERNAMES: 'cluster_admin',
    };
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await database?.drop();
  });

  /** The session's REST calls and sockets on B are refused and cut within a second, for `reason`. */
  async function expectCutOnB(session: TestUser, device: Device, reason: string): Promise<void> {
    await eventually(() => device.endings.length > 0, WITHIN_A_SECOND, 'session:ended on B');
    await eventually(
      () => !device.socket.connected && device.raw.socket.readyState === device.raw.socket.CLOSED,
      WITHIN_A_SECOND,
      'sockets on B cut',
    );
    expect(await refusal(b, session)).toEqual({ status: 401, session_ended: reason });
    expect(device.endings).toEqual([{ reason }]);
    expect(await device.disconnected).toBe('io server disconnect');
    expect((await device.raw.closed).code).toBe(1008);
  }

  it('a session signed out on A is refused on B within a second, and its sockets there are cut', async () => {
    const alice = await registerUser(a, 'cluster');
    const phone = await signInAgain(a, alice);
    const device = await connectDevice(b, phone);
    await request(b.url).get('/auth/me').set('Authorization', phone.bearer).expect(200);
    await request(a.url)
      .delete(`/auth/sessions/${sessionIdOf(phone)}`)
      .set('Authorization', alice.bearer)
      .expect(204);
    const deadline = Date.now() + WITHIN_A_SECOND;
    let answer = await refusal(b, phone);
    while (answer.status !== 401 && Date.now() < deadline) answer = await refusal(b, phone);
    expect(answer).toEqual({ status: 401, session_ended: 'revoked' });
    await expectCutOnB(phone, device, 'revoked');
    await request(b.url).get('/auth/me').set('Authorization', alice.bearer).expect(200);
  });

  it('a password changed on B signs out the other sessions on A', async () => {
    const bob = await registerUser(b, 'cluster_pw');
    const laptop = await signInAgain(a, bob);
    const onA = await connectDevice(a, laptop);
    await request(b.url)
      .post('/auth/password')
      .set('Authorization', bob.bearer)
      .send({ current_password: bob.password, new_password: 'another long password' })
      .expect(204);
    await eventually(() => onA.endings.length > 0, WITHIN_A_SECOND, 'session:ended on A');
    expect(await refusal(a, laptop)).toEqual({ status: 401, session_ended: 'password_changed' });
    await request(a.url).get('/auth/me').set('Authorization', bob.bearer).expect(200);
  });

  it('a user deactivated on A is signed out on B, and a profile change on A reaches a contact on B', async () => {
    const password = 'cluster admin password';
    await request(a.url).post('/auth/signup').send({ username: 'cluster_admin', password }).expect(201);
    const adminLogin = await request(a.url).post('/auth/login').send({ username: 'cluster_admin', password }).expect(200);
    const [carol, dave] = await Promise.all([registerUser(a, 'cluster_carol'), registerUser(a, 'cluster_dave')]);
    await createDirect(a, carol, dave);
    const daveOnB = await connectSocket(b, { token: dave.tokens.access_token });
    const heard = record(daveOnB, 'user:updated');
    const carolOnB = await connectDevice(b, carol);

    await request(a.url).patch('/auth/me').set('Authorization', carol.bearer).send({ full_name: 'Carol on A' }).expect(200);
    await eventually(() => heard.length > 0, 5000, 'user:updated on B');
    expect(heard[0].user).toMatchObject({ id: carol.user.id, full_name: 'Carol on A' });

    await request(a.url)
      .post(`/admin/users/${carol.user.id}/deactivate`)
      .set('Authorization', `Bearer ${adminLogin.body.access_token}`)
      .expect(200);
    await expectCutOnB(carol, carolOnB, 'deactivated');
    await eventually(() => heard.length > 1, 5000, 'the deactivation as user:updated on B');
    expect(heard[1].user).toMatchObject({ id: carol.user.id, deactivated: true });
    await request(b.url).post('/auth/login').send({ username: carol.user.username, password: carol.password }).expect(401);
  });
});
