import type { Attachment, Conversation, Message } from '@pneumatic/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { openStore, ObjectStore, STORE_DRIVERS } from '../support/object-stores';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, eventually, record } from '../support/sockets';
import { bare, fetchLink, PDF, png, signedLink, upload, uploaded } from './files';

const LIMIT = 200_000;

/** SPEC 10.6 on each storage driver (the s3 one against an s3rver started here), on the suite's database (E2E_DB). */
describe.each(STORE_DRIVERS)('attachments on the %s storage driver', (driver) => {
  let store: ObjectStore;
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let outsider: TestUser;
  let room: Conversation;

  beforeAll(async () => {
    store = await openStore(driver);
    server = await startServer({ env: { ...store.env(), ATTACHMENT_MAX_BYTES: String(LIMIT) } });
    [alice, bob, outsider] = await Promise.all(['alice', 'bob', 'outsider'].map((name) => registerUser(server, name)));
    room = (
      await request(server.url)
        .post('/conversations')
        .set('Authorization', alice.bearer)
        .send({ member_ids: [bob.user.id], is_group: true, title: 'files' })
    ).body;
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await server?.dispose();
    await store?.close();
  });

  const send = (user: TestUser, attachmentIds: string[], content = '') =>
    request(server.url)
      .post('/messages')
      .set('Authorization', user.bearer)
      .send({ conversation_id: room.id, message_id: `m-${randomUUID()}`, content, attachment_ids: attachmentIds });

  it('takes an image: its type from the bytes, its size in pixels, a WebP thumbnail of at most 320 px, signed links', async () => {
    const image = await png(1000, 400);
    const attachment = await uploaded(server, alice, image, 'holiday.jpg');
    expect(attachment).toMatchObject({ filename: 'holiday.jpg', content_type: 'image/png', size: image.length, width: 1000, height: 400 });
    expect(attachment.url).toMatch(new RegExp(`^/attachments/${attachment.id}\\?expires=\\d+&signature=[\\w-]+$`));
    const full = await fetchLink(server, attachment.url).expect(200);
    expect(Buffer.compare(full.body, image)).toBe(0);
    expect(full.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(image.length),
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline; filename="holiday.jpg"',
      etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
    });
    const thumbnail = await fetchLink(server, attachment.thumbnail_url as string).expect(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
    expect(await sharp(thumbnail.body).metadata()).toMatchObject({ format: 'webp', width: 320, height: 128 });
    await fetchLink(server, attachment.url).set('If-None-Match', full.headers['etag']).expect(304);
    expect(await store.keys()).toEqual(expect.arrayContaining([`attachments/${attachment.id}`, `attachments/${attachment.id}.thumb.webp`]));
  });

  it('never enlarges a small image for its thumbnail', async () => {
    const attachment = await uploaded(server, alice, await png(40, 30), 'icon.png');
    const thumbnail = await fetchLink(server, attachment.thumbnail_url as string).expect(200);
    expect(await sharp(thumbnail.body).metadata()).toMatchObject({ width: 40, height: 30 });
  });

  it('takes a file of exactly ATTACHMENT_MAX_BYTES and refuses one byte more with 413, keeping nothing of it', async () => {
    const before = await store.keys();
    const atLimit = await uploaded(server, alice, randomBytes(LIMIT), 'limit.bin');
    expect(atLimit).toMatchObject({ size: LIMIT, content_type: 'application/octet-stream', width: null, thumbnail_url: null });
    const over = await upload(server, alice, randomBytes(LIMIT + 1), 'over.bin');
    expectProblem(over, 413, 'PAYLOAD_TOO_LARGE');
    expect(over.body.detail).toBe('The file is larger than 200000 bytes');
    expect(await store.keys()).toEqual([...before, `attachments/${atLimit.id}`].sort());
  });

  it('serves an HTML file named .png as a download in a sandbox, never as an image or a page', async () => {
    const attachment = await uploaded(server, alice, Buffer.from('<!doctype html><script>alert(document.cookie)</script>'), 'cat.png');
    expect(attachment).toMatchObject({ content_type: 'text/plain; charset=utf-8', width: null, thumbnail_url: null });
    const served = await fetchLink(server, attachment.url).expect(200);
    expect(served.headers).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': 'attachment; filename="cat.png"',
      'content-security-policy': 'sandbox',
      'x-content-type-options': 'nosniff',
    });
  });

  it('serves an SVG with script as an attachment in a sandbox, without a thumbnail', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
    const attachment = await uploaded(server, alice, svg, 'logo.svg');
    expect(attachment).toMatchObject({ content_type: 'image/svg+xml', thumbnail_url: null });
    const served = await fetchLink(server, attachment.url).expect(200);
    expect(served.headers['content-disposition']).toBe('attachment; filename="logo.svg"');
    expect(served.headers['content-security-policy']).toBe('sandbox');
    await fetchLink(server, `/attachments/${attachment.id}/thumbnail`, alice).expect(404);
  });

  it('detects a PDF by its bytes whatever its name says', async () => {
    expect(await uploaded(server, alice, PDF, 'notes.txt')).toMatchObject({ content_type: 'application/pdf', filename: 'notes.txt' });
  });

  it('refuses an empty file, a missing file and a body that is not multipart', async () => {
    const empty = await upload(server, alice, Buffer.alloc(0), 'empty.txt');
    expectProblem(empty, 400, 'VALIDATION_FAILED');
    expect(empty.body.errors).toEqual([{ field: 'file', message: 'the file is empty' }]);
    const missing = await request(server.url).post('/attachments').set('Authorization', alice.bearer).field('other', 'x');
    expectProblem(missing, 400, 'VALIDATION_FAILED');
    expectProblem(
      await request(server.url).post('/attachments').set('Authorization', alice.bearer).send({ file: 'x' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('keeps a 10,000-character name to 255 characters and a path-traversal name to its last part', async () => {
    const long = await uploaded(server, alice, PDF, `${'x'.repeat(10_000)}.pdf`);
    expect(long.filename).toHaveLength(255);
    expect(long.filename.endsWith('x.pdf')).toBe(true);
    const traversal = await uploaded(server, alice, PDF, '../../etc/passwd');
    expect(traversal.filename).toBe('passwd');
    expect((await store.keys()).every((key) => /^attachments\/[0-9a-f-]{36}(\.thumb\.webp)?$/.test(key))).toBe(true);
    const served = await fetchLink(server, traversal.url).expect(200);
    expect(served.headers['content-disposition']).toBe('attachment; filename="passwd"');
  });

  it('lets the uploader and the members download, and answers 404 to strangers, no credentials and bad links', async () => {
    const attachment = await uploaded(server, alice, PDF, 'minutes.pdf');
    await fetchLink(server, bare(attachment.url), alice).expect(200);
    // Not sent yet: only its uploader may see it.
    await fetchLink(server, bare(attachment.url), bob).expect(404);
    const sent = (await send(alice, [attachment.id]).expect(201)).body as Message;
    expect(sent.attachments.map((a) => a.id)).toEqual([attachment.id]);
    await fetchLink(server, bare(attachment.url), bob).expect(200);
    // A stranger gets 404 with their own token, even holding a member's signed link.
    expectProblem(await fetchLink(server, bare(attachment.url), outsider), 404, 'NOT_FOUND');
    expectProblem(await fetchLink(server, attachment.url, outsider), 404, 'NOT_FOUND');
    expectProblem(await fetchLink(server, bare(attachment.url)), 404, 'NOT_FOUND');
    const expired = signedLink('file', attachment.id, Math.floor(Date.now() / 1000) - 1);
    expectProblem(await fetchLink(server, expired), 404, 'NOT_FOUND');
    const { searchParams } = new URL(attachment.url, server.url);
    const later = Number(searchParams.get('expires')) + 60;
    expectProblem(
      await fetchLink(server, `${bare(attachment.url)}?expires=${later}&signature=${searchParams.get('signature')}`),
      404,
      'NOT_FOUND',
    );
    const tampered = attachment.url.replace(/signature=./, (match) => (match.endsWith('A') ? 'signature=B' : 'signature=A'));
    expectProblem(await fetchLink(server, tampered), 404, 'NOT_FOUND');
    // The signature of a file opens that file only, not its thumbnail nor another file.
    const other = await uploaded(server, alice, PDF, 'other.pdf');
    expectProblem(await fetchLink(server, `${bare(other.url)}?${attachment.url.split('?')[1]}`), 404, 'NOT_FOUND');
    await fetchLink(server, signedLink('file', attachment.id, Math.floor(Date.now() / 1000) + 120)).expect(200);
    expectProblem(await fetchLink(server, `/attachments/${randomUUID()}`, alice), 404, 'NOT_FOUND');
    expectProblem(await fetchLink(server, bare(attachment.url)).set('Authorization', 'Bearer not-a-token'), 401, 'UNAUTHORIZED');
  });

  it('answers ranges: 206 for one, the whole file for several or a malformed one, 416 beyond the end', async () => {
    const bytes = randomBytes(1000);
    const attachment = await uploaded(server, alice, bytes, 'data.bin');
    const range = (header: string) => fetchLink(server, attachment.url).set('Range', header);
    const first = await range('bytes=0-0');
    expect([first.status, first.headers['content-range'], first.headers['content-length'], first.body]).toEqual([
      206,
      'bytes 0-0/1000',
      '1',
      bytes.subarray(0, 1),
    ]);
    const tail = await range('bytes=-10');
    expect([tail.status, tail.headers['content-range'], tail.body]).toEqual([206, 'bytes 990-999/1000', bytes.subarray(990)]);
    const open = await range('bytes=500-');
    expect([open.status, open.headers['content-range'], open.body]).toEqual([206, 'bytes 500-999/1000', bytes.subarray(500)]);
    const clipped = await range('bytes=900-5000');
    expect([clipped.status, clipped.headers['content-range']]).toEqual([206, 'bytes 900-999/1000']);
    const beyond = await range('bytes=1000-1001');
    expect([beyond.status, beyond.headers['content-range']]).toEqual([416, 'bytes */1000']);
    expect((await range('bytes=x-y')).status).toBe(416);
    for (const header of ['bytes=0-1,5-6', 'bytes0-5', 'lines=1-2']) {
      const whole = await range(header);
      expect([header, whole.status, whole.body.length]).toEqual([header, 200, 1000]);
    }
    const stale = await range('bytes=0-9').set('If-Range', '"another"');
    expect(stale.status).toBe(200);
  });

  it('sends up to 10 files with a message (content may be empty), in the order given, live to every member', async () => {
    const files = await Promise.all(Array.from({ length: 10 }, (_, i) => uploaded(server, alice, PDF, `part-${i}.pdf`)));
    const socket = await connectSocket(server, { token: bob.tokens.access_token });
    const live = record(socket, 'message:new');
    const sent = (
      await send(
        alice,
        files.map((f) => f.id),
      ).expect(201)
    ).body as Message;
    expect(sent.content).toBe('');
    expect(sent.attachments.map((a) => a.filename)).toEqual(files.map((f) => f.filename));
    await eventually(() => live.some((event) => event.message.id === sent.id));
    expect(live.find((event) => event.message.id === sent.id)?.message.attachments).toEqual(sent.attachments);
    const page = (await request(server.url).get(`/conversations/${room.id}/messages`).set('Authorization', bob.bearer).expect(200)).body;
    expect(page.messages.at(-1).attachments).toEqual(sent.attachments);
  });

  it('sends files over Socket.IO too', async () => {
    const file = await uploaded(server, alice, await png(50, 50), 'dot.png');
    const socket = await connectSocket(server, { token: alice.tokens.access_token });
    const ack = await socket.emitWithAck('message:send', {
      conversation_id: room.id,
      message_id: `s-${randomUUID()}`,
      content: 'look',
      attachment_ids: [file.id],
    });
    expect(ack).toMatchObject({ ok: true, message: { content: 'look', attachments: [{ id: file.id, width: 50, height: 50 }] } });
  });

  it('refuses attachment_ids that are not the sender’s, already sent, more than 10, repeated or malformed; nothing is sent', async () => {
    const bobs = await uploaded(server, bob, PDF);
    const refusals: [string[], string][] = [
      [[bobs.id], 'attachment_ids.0'],
      [[randomUUID()], 'attachment_ids.0'],
      [Array.from({ length: 11 }, () => randomUUID()), 'attachment_ids'],
      [['not-a-uuid'], 'attachment_ids'],
    ];
    const mine = await uploaded(server, alice, PDF);
    refusals.push([[mine.id, mine.id], 'attachment_ids']);
    for (const [ids, field] of refusals) {
      const refused = await send(alice, ids);
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    await send(alice, [mine.id]).expect(201);
    const again = await send(alice, [mine.id]);
    expectProblem(again, 400, 'VALIDATION_FAILED');
    expect(again.body.detail).toBe('attachment_ids.0: this upload is already in a message');
    expectProblem(await send(alice, []), 400, 'VALIDATION_FAILED');
  });

  it('answers a replay of a send with files as the stored message', async () => {
    const file = await uploaded(server, alice, PDF);
    const body = { conversation_id: room.id, message_id: `r-${randomUUID()}`, content: '', attachment_ids: [file.id] };
    const first = await request(server.url).post('/messages').set('Authorization', alice.bearer).send(body).expect(201);
    const replay = await request(server.url).post('/messages').set('Authorization', alice.bearer).send(body).expect(200);
    expect(replay.body).toEqual(first.body);
  });

  it('deletes the files with their message: every link 404, gone from storage, gone from the message everywhere', async () => {
    const image = await uploaded(server, alice, await png(600, 600), 'screenshot.png');
    const pdf = await uploaded(server, alice, PDF, 'report.pdf');
    const sent = (await send(alice, [image.id, pdf.id], 'see these').expect(201)).body as Message;
    const socket = await connectSocket(server, { token: bob.tokens.access_token });
    const updates = record(socket, 'message:updated');
    await request(server.url).delete(`/messages/${sent.id}`).set('Authorization', alice.bearer).expect(204);
    for (const link of [image.url, image.thumbnail_url as string, pdf.url]) {
      expectProblem(await fetchLink(server, link), 404, 'NOT_FOUND');
      expectProblem(await fetchLink(server, bare(link), alice), 404, 'NOT_FOUND');
    }
    const keys = await store.keys();
    expect(keys.filter((key) => key.includes(image.id) || key.includes(pdf.id))).toEqual([]);
    await eventually(() => updates.some((event) => event.message.id === sent.id));
    expect(updates.find((event) => event.message.id === sent.id)?.message).toMatchObject({
      deleted_at: expect.any(String),
      attachments: [],
    });
    const page = (
      await request(server.url)
        .get(`/conversations/${room.id}/messages?after_seq=${sent.seq - 1}&limit=1`)
        .set('Authorization', bob.bearer)
    ).body;
    expect(page.messages[0].attachments).toEqual([]);
  });

  it('refuses uploads without a token (401) and keeps nothing', async () => {
    const before = await store.keys();
    expectProblem(await upload(server, null, PDF), 401, 'UNAUTHORIZED');
    expect(await store.keys()).toEqual(before);
  });

  it('gives a message with files to a conversation’s last_message and to sync', async () => {
    const file: Attachment = await uploaded(server, bob, PDF, 'last.pdf');
    await send(bob, [file.id]).expect(201);
    const conversation = (await request(server.url).get(`/conversations/${room.id}`).set('Authorization', alice.bearer))
      .body as Conversation;
    expect(conversation.last_message?.attachments.map((a) => a.id)).toEqual([file.id]);
  });
});
