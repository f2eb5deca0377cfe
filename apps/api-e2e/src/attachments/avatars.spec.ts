import type { User } from '@pneumatic/contracts';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { openStore, ObjectStore, STORE_DRIVERS } from '../support/object-stores';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, eventually, record } from '../support/sockets';
import { bare, fetchLink, jpeg, PDF, png, upload } from './files';

const setAvatar = (server: RunningServer, user: TestUser, bytes: Buffer, name = 'me.png') =>
  upload(server, user, bytes, name, '/auth/me/avatar');

/** Avatars (SPEC 10.6) on each storage driver, on the suite's database. */
describe.each(STORE_DRIVERS)('avatars on the %s storage driver', (driver) => {
  let store: ObjectStore;
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    store = await openStore(driver);
    server = await startServer({ env: store.env() });
    [alice, bob] = await Promise.all(['alice', 'bob'].map((name) => registerUser(server, name)));
    await request(server.url)
      .post('/conversations')
      .set('Authorization', alice.bearer)
      .send({ member_ids: [bob.user.id] })
      .expect(201);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await server?.dispose();
    await store?.close();
  });

  it('starts without one: avatar_url null on the account and in the user list', async () => {
    expect((await request(server.url).get('/auth/me').set('Authorization', alice.bearer)).body.avatar_url).toBeNull();
    const listed = (await request(server.url).get(`/users?ids=${alice.user.id}`).set('Authorization', bob.bearer)).body.users as User[];
    expect(listed[0].avatar_url).toBeNull();
  });

  it('makes a 128 × 128 WebP cropped to fill, everywhere the user appears, and tells contacts with user:updated', async () => {
    const socket = await connectSocket(server, { token: bob.tokens.access_token });
    const updates = record(socket, 'user:updated');
    const set = await setAvatar(server, alice, await jpeg(900, 300), 'wide.jpg').expect(200);
    expect(set.body).toMatchObject({
      id: alice.user.id,
      avatar_url: expect.stringMatching(/^\/avatars\/[0-9a-f-]{36}\?expires=\d+&signature=/),
    });
    const picture = await fetchLink(server, set.body.avatar_url).expect(200);
    expect(picture.headers['content-type']).toBe('image/webp');
    expect(await sharp(picture.body).metadata()).toMatchObject({ format: 'webp', width: 128, height: 128 });
    const listed = (await request(server.url).get(`/users?ids=${alice.user.id}`).set('Authorization', bob.bearer)).body.users as User[];
    expect(bare(listed[0].avatar_url as string)).toBe(bare(set.body.avatar_url));
    expect(bare((await request(server.url).get('/auth/me').set('Authorization', alice.bearer)).body.avatar_url)).toBe(
      bare(set.body.avatar_url),
    );
    await eventually(() => updates.some((event) => event.user.id === alice.user.id && event.user.avatar_url !== null));
    // Any signed-in user may fetch it without the signature; nobody without either.
    await fetchLink(server, bare(set.body.avatar_url), bob).expect(200);
    expectProblem(await fetchLink(server, bare(set.body.avatar_url)), 404, 'NOT_FOUND');
  });

  it('replaces the picture at a new link: the old one is 404 and gone from storage', async () => {
    const first = (await setAvatar(server, alice, await png(200, 200)).expect(200)).body.avatar_url as string;
    const second = (await setAvatar(server, alice, await png(300, 200)).expect(200)).body.avatar_url as string;
    expect(bare(second)).not.toBe(bare(first));
    expectProblem(await fetchLink(server, first), 404, 'NOT_FOUND');
    await fetchLink(server, second).expect(200);
    const avatars = (await store.keys()).filter((key) => key.startsWith('avatars/'));
    expect(avatars).toEqual([`${bare(second).slice(1)}.webp`]);
    expect((await store.keys()).filter((key) => key.startsWith('avatar-uploads/'))).toEqual([]);
  });

  it('refuses another type with 400, an empty or missing file with 400, and more than 5 MiB with 413', async () => {
    const before = await store.keys();
    for (const [bytes, name] of [
      [PDF, 'me.png'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'me.svg'],
      [Buffer.alloc(0), 'me.png'],
      [Buffer.concat([(await png(64, 64)).subarray(0, 60)]), 'cut.png'],
    ] as const) {
      const refused = await setAvatar(server, bob, bytes, name);
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.errors[0].field).toBe('file');
    }
    expectProblem(await setAvatar(server, bob, randomBytes(5 * 1024 * 1024 + 1)), 413, 'PAYLOAD_TOO_LARGE');
    expect(await store.keys()).toEqual(before);
    expect((await request(server.url).get('/auth/me').set('Authorization', bob.bearer)).body.avatar_url).toBeNull();
  });

  it('removes it: 204, avatar_url null, the link 404 and the picture gone; removing none is 204 too', async () => {
    const link = (await setAvatar(server, bob, await png(128, 128)).expect(200)).body.avatar_url as string;
    await request(server.url).delete('/auth/me/avatar').set('Authorization', bob.bearer).expect(204);
    expect((await request(server.url).get('/auth/me').set('Authorization', bob.bearer)).body.avatar_url).toBeNull();
    expectProblem(await fetchLink(server, link), 404, 'NOT_FOUND');
    expect((await store.keys()).some((key) => key.includes(bare(link).split('/').pop() as string))).toBe(false);
    await request(server.url).delete('/auth/me/avatar').set('Authorization', bob.bearer).expect(204);
  });
});
