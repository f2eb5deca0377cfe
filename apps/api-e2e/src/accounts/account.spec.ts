import type { User } from '@pneumatic/contracts';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, eventually, pause, record } from '../support/sockets';
import { createDirect } from '../reliability/fixtures';
import { connectDevice, refusal, signInAgain } from './session-clients';

/** SPEC 10.7: the user's own name and password. */
describe('profile and password', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  describe('PATCH /auth/me', () => {
    let alice: TestUser;
    let bob: TestUser;
    let stranger: TestUser;

    beforeAll(async () => {
      [alice, bob, stranger] = await Promise.all(['profile', 'contact', 'stranger'].map((name) => registerUser(server, name)));
      await createDirect(server, alice, bob);
    });

    it("changes the name, tells the contacts' and the user's own other devices, and nobody else", async () => {
      const [contact, ownOther, outsider] = await Promise.all(
        [bob, await signInAgain(server, alice), stranger].map((user) => connectSocket(server, { token: user.tokens.access_token })),
      );
      const heard = [contact, ownOther, outsider].map((socket) => record(socket, 'user:updated'));
      const response = await request(server.url)
        .patch('/auth/me')
        .set('Authorization', alice.bearer)
        .send({ full_name: '  Alice\u200b Liddell ' })
        .expect(200);
      const expected: User = {
        id: alice.user.id,
        username: alice.user.username,
        full_name: 'Alice Liddell',
        deactivated: false,
        avatar_url: null,
      };
      expect(response.body).toEqual({ ...expected, administrator: false });
      await eventually(() => heard[0].length > 0 && heard[1].length > 0, 5000, 'user:updated');
      await pause(200);
      expect(heard).toEqual([[{ user: expected }], [{ user: expected }], []]);
      const listed = await request(server.url).get(`/users?ids=${alice.user.id}`).set('Authorization', bob.bearer).expect(200);
      expect(listed.body.users[0]).toMatchObject({ full_name: 'Alice Liddell' });
    });

    it('clears the name with null or white space, and says nothing when nothing changed', async () => {
      const contact = await connectSocket(server, { token: bob.tokens.access_token });
      const heard = record(contact, 'user:updated');
      await request(server.url).patch('/auth/me').set('Authorization', alice.bearer).send({ full_name: null }).expect(200);
      await request(server.url).patch('/auth/me').set('Authorization', alice.bearer).send({ full_name: '   ' }).expect(200);
      await eventually(() => heard.length > 0, 5000, 'user:updated');
      await pause(200);
      expect(heard).toEqual([{ user: expect.objectContaining({ full_name: null }) }]);
    });

    it.each([
      ['no full_name', {}],
      ['a number', { full_name: 42 }],
      ['101 characters', { full_name: 'x'.repeat(101) }],
      ['a line break', { full_name: 'a\nb' }],
      ['an unknown field', { full_name: 'A', username: 'root' }],
    ])('refuses %s with 400 on its field', async (_, body) => {
      expectProblem(await request(server.url).patch('/auth/me').set('Authorization', alice.bearer).send(body), 400, 'VALIDATION_FAILED');
    });
  });

  describe('POST /auth/password', () => {
    it('changes it: this session goes on, every other one ends, the new password logs in and the old does not', async () => {
      const carol = await registerUser(server, 'password');
      const elsewhere = await signInAgain(server, carol);
      const device = await connectDevice(server, elsewhere);
      const here = await connectSocket(server, { token: carol.tokens.access_token });
      await request(server.url)
        .post('/auth/password')
        .set('Authorization', carol.bearer)
        .send({ current_password: carol.password, new_password: 'a brand new password' })
        .expect(204);
      expect(await refusal(server, elsewhere)).toEqual({ status: 401, session_ended: 'password_changed' });
      expect(await device.disconnected).toBe('io server disconnect');
      expect(device.endings).toEqual([{ reason: 'password_changed' }]);
      expect(here.connected).toBe(true);
      await request(server.url).get('/auth/me').set('Authorization', carol.bearer).expect(200);
      await request(server.url).post('/auth/refresh').send({ refresh_token: carol.tokens.refresh_token }).expect(200);
      await request(server.url).post('/auth/login').send({ username: carol.user.username, password: carol.password }).expect(401);
      await request(server.url).post('/auth/login').send({ username: carol.user.username, password: 'a brand new password' }).expect(200);
    });

    it('answers a wrong current password with 400 on current_password, never 401, and changes nothing', async () => {
      const dave = await registerUser(server, 'wrongpw');
      const elsewhere = await signInAgain(server, dave);
      const response = await request(server.url)
        .post('/auth/password')
        .set('Authorization', dave.bearer)
        .send({ current_password: 'not my password', new_password: 'a brand new password' });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual([{ field: 'current_password', message: expect.any(String) }]);
      await request(server.url).get('/auth/me').set('Authorization', elsewhere.bearer).expect(200);
      await request(server.url).post('/auth/login').send({ username: dave.user.username, password: dave.password }).expect(200);
    });

    it('holds the new password to the sign-up rules', async () => {
      const erin = await registerUser(server, 'shortpw');
      const response = await request(server.url)
        .post('/auth/password')
        .set('Authorization', erin.bearer)
        .send({ current_password: erin.password, new_password: 'short' });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual([{ field: 'new_password', message: expect.any(String) }]);
    });
  });
});
