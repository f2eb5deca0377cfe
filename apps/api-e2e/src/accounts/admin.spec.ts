import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets } from '../support/sockets';
import { createDirect } from '../reliability/fixtures';
import { connectDevice, refusal } from './session-clients';

/** SPEC 10.7: administrators (ADMIN_USERNAMES) deactivate and reactivate users. */
describe('administrators', () => {
  let server: RunningServer;
  let admin: TestUser;
  let mallory: TestUser;
  let bob: TestUser;
  let room: string;

  beforeAll(async () => {
    server = await startServer({ env: { ADMIN_USERNAMES: 'site_admin, other_admin' } });
    const password = 'the admin password';
    await request(server.url).post('/auth/signup').send({ username: 'Site_Admin', password }).expect(201);
    const login = await request(server.url).post('/auth/login').send({ username: 'site_admin', password }).expect(200);
    admin = {
      user: (await request(server.url).get('/auth/me').set('Authorization', `Bearer ${login.body.access_token}`)).body,
      password,
      tokens: login.body,
      bearer: `Bearer ${login.body.access_token}`,
    };
    [mallory, bob] = await Promise.all([registerUser(server, 'mallory'), registerUser(server, 'bob')]);
    room = (await createDirect(server, mallory, bob)).id;
    await request(server.url)
      .post('/messages')
      .set('Authorization', mallory.bearer)
      .send({ conversation_id: room, message_id: 'm1', content: 'spam' })
      .expect(201);
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  const login = (user: TestUser, password = user.password) =>
    request(server.url).post('/auth/login').send({ username: user.user.username, password });

  it('tells an administrator they are one, and nobody else', async () => {
    expect((await request(server.url).get('/auth/me').set('Authorization', admin.bearer)).body.administrator).toBe(true);
    expect((await request(server.url).get('/auth/me').set('Authorization', bob.bearer)).body.administrator).toBe(false);
  });

  it('deactivates a user: their open devices are signed out, they cannot log in, they leave the user list, their messages stay', async () => {
    const device = await connectDevice(server, mallory);
    const response = await request(server.url)
      .post(`/admin/users/${mallory.user.id}/deactivate`)
      .set('Authorization', admin.bearer)
      .expect(200);
    expect(response.body).toEqual({ ...mallory.user, deactivated: true });
    expect(await refusal(server, mallory)).toEqual({ status: 401, session_ended: 'deactivated' });
    expect(await device.disconnected).toBe('io server disconnect');
    expect(device.endings).toEqual([{ reason: 'deactivated' }]);
    expect(await device.raw.closed).toEqual({ code: 1008, reason: 'This account has been deactivated' });

    // The same answer as a wrong password.
    const [right, wrong] = await Promise.all([login(mallory), login(mallory, 'not the password')]);
    expect(right.status).toBe(401);
    expect(right.body).toEqual({ ...wrong.body, instance: right.body.instance });
    await request(server.url).post('/auth/refresh').send({ refresh_token: mallory.tokens.refresh_token }).expect(401);

    const users = await request(server.url).get('/users?limit=100').set('Authorization', bob.bearer).expect(200);
    expect(users.body.users.map((user: { id: string }) => user.id)).not.toContain(mallory.user.id);
    const history = await request(server.url).get(`/conversations/${room}/messages`).set('Authorization', bob.bearer).expect(200);
    expect(history.body.messages.map((message: { content: string }) => message.content)).toEqual(['spam']);
    const members = await request(server.url).get(`/users?ids=${mallory.user.id}`).set('Authorization', bob.bearer).expect(200);
    expect(members.body.users).toEqual([expect.objectContaining({ id: mallory.user.id, deactivated: true })]);

    const listed = await request(server.url).get('/admin/users?q=mallory').set('Authorization', admin.bearer).expect(200);
    expect(listed.body.users).toEqual([expect.objectContaining({ id: mallory.user.id, deactivated: true })]);
  });

  it('reactivates: the user logs in again', async () => {
    await request(server.url).post(`/admin/users/${mallory.user.id}/deactivate`).set('Authorization', admin.bearer).expect(200);
    const response = await request(server.url)
      .post(`/admin/users/${mallory.user.id}/reactivate`)
      .set('Authorization', admin.bearer)
      .expect(200);
    expect(response.body.deactivated).toBe(false);
    await login(mallory).expect(200);
    const users = await request(server.url).get('/users?limit=100').set('Authorization', bob.bearer).expect(200);
    expect(users.body.users.map((user: { id: string }) => user.id)).toContain(mallory.user.id);
  });

  it('logs every action at info with its actor', () => {
    const lines = server.output.filter((line) => line.includes('administrator')).map((line) => JSON.parse(line));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'info',
          msg: 'administrator deactivated a user',
          actor_id: admin.user.id,
          actor: 'site_admin',
          user_id: mallory.user.id,
        }),
        expect.objectContaining({
          level: 'info',
          msg: 'administrator reactivated a user',
          actor_id: admin.user.id,
          user_id: mallory.user.id,
        }),
      ]),
    );
  });

  it('refuses non-administrators (403) and deactivating an administrator (409)', async () => {
    const forbidden = await request(server.url).post(`/admin/users/${mallory.user.id}/deactivate`).set('Authorization', bob.bearer);
    expect(forbidden.status).toBe(403);
    await login(mallory).expect(200);
    const conflict = await request(server.url).post(`/admin/users/${admin.user.id}/deactivate`).set('Authorization', admin.bearer);
    expect(conflict.status).toBe(409);
  });
});
