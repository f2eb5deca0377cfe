import type { Conversation, Message } from '@pneumatic/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { ObjectStore, startS3 } from '../support/object-stores';
import { RunningServer, startServer } from '../support/server';
import { createPostgresDatabase, describeWhen, hasPostgres, hasRedis, REDIS_URL, TestDatabase } from '../support/services';
import { closeAllSockets, connectSocket, eventually, record } from '../support/sockets';
import { bare, fetchLink, PDF, png, uploaded } from './files';

const describeScaleOut = describeWhen(hasPostgres() && hasRedis(), 'needs PostgreSQL and Redis');

/** The production topology for files: two instances, one PostgreSQL, one Redis, one S3-compatible bucket. */
describeScaleOut('attachments across two instances sharing an S3 bucket', () => {
  let database: TestDatabase;
  let store: ObjectStore;
  let a: RunningServer;
  let b: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let room: Conversation;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    store = await startS3();
    const env = { ...store.env(), DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: `e2e-${randomBytes(4).toString('hex')}` };
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => registerUser(a, name)));
    room = (
      await request(a.url)
        .post('/conversations')
        .set('Authorization', alice.bearer)
        .send({ member_ids: [bob.user.id], is_group: true, title: 'x' })
    ).body;
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await a?.dispose();
    await b?.dispose();
    await store?.close();
    await database?.drop();
  });

  it('A uploads and sends a screenshot and a PDF; B sees them live and downloads both; a stranger gets 404; deletion on B clears the bucket', async () => {
    const bobOnB = await connectSocket(b, { token: bob.tokens.access_token });
    const live = record(bobOnB, 'message:new');
    const updates = record(bobOnB, 'message:updated');
    const screenshot = await uploaded(a, alice, await png(1280, 720), 'screenshot.png');
    const pdf = await uploaded(a, alice, PDF, 'minutes.pdf');
    const sent = (
      await request(a.url)
        .post('/messages')
        .set('Authorization', alice.bearer)
        .send({ conversation_id: room.id, message_id: `m-${randomUUID()}`, content: 'from A', attachment_ids: [screenshot.id, pdf.id] })
        .expect(201)
    ).body as Message;
    await eventually(() => live.some((event) => event.message.id === sent.id));
    const seen = live.find((event) => event.message.id === sent.id)?.message as Message;
    const thumbnail = await fetchLink(b, seen.attachments[0].thumbnail_url as string).expect(200);
    expect(await sharp(thumbnail.body).metadata()).toMatchObject({ format: 'webp', width: 320, height: 180 });
    await fetchLink(b, seen.attachments[0].url).expect(200);
    expect((await fetchLink(b, seen.attachments[1].url).expect(200)).headers['content-disposition']).toBe(
      'attachment; filename="minutes.pdf"',
    );
    for (const link of [seen.attachments[0].url, seen.attachments[1].url]) {
      expectProblem(await fetchLink(b, bare(link), carol), 404, 'NOT_FOUND');
      expectProblem(await fetchLink(a, bare(link), carol), 404, 'NOT_FOUND');
    }
    await request(b.url).delete(`/messages/${sent.id}`).set('Authorization', alice.bearer).expect(204);
    await eventually(() => updates.some((event) => event.message.id === sent.id && event.message.deleted_at !== null));
    for (const link of [seen.attachments[0].url, seen.attachments[1].url]) {
      expectProblem(await fetchLink(a, link), 404, 'NOT_FOUND');
      expectProblem(await fetchLink(b, bare(link), bob), 404, 'NOT_FOUND');
    }
    expect((await store.keys()).filter((key) => key.includes(screenshot.id) || key.includes(pdf.id))).toEqual([]);
  });

  it('an avatar set on A is served by B', async () => {
    const set = await request(a.url)
      .put('/auth/me/avatar')
      .set('Authorization', alice.bearer)
      .attach('file', await png(300, 300), 'me.png')
      .expect(200);
    expect((await sharp((await fetchLink(b, set.body.avatar_url).expect(200)).body).metadata()).width).toBe(128);
  });
});
