import type { Message } from '@pneumatic/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { openStore, ObjectStore, STORE_DRIVERS } from '../support/object-stores';
import { RunningServer, startServer } from '../support/server';
import { fetchLink, PDF, uploaded } from './files';

const MIB = 1024 * 1024;
const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/** Uploads never sent are deleted after ATTACHMENT_ORPHAN_TTL; a 25 MiB upload streams through without raising RSS. */
describe.each(STORE_DRIVERS)('attachment lifecycle on the %s storage driver', (driver) => {
  let store: ObjectStore;
  let server: RunningServer;
  let alice: TestUser;

  beforeAll(async () => {
    store = await openStore(driver);
    server = await startServer({ env: { ...store.env(), ATTACHMENT_ORPHAN_TTL: '3s' } });
    alice = await registerUser(server, 'alice');
  });
  afterAll(async () => {
    await server?.dispose();
    await store?.close();
  });

  it('deletes an upload never sent once older than ATTACHMENT_ORPHAN_TTL, and keeps one that was sent', async () => {
    const bob = await registerUser(server, 'bob');
    const room = (
      await request(server.url)
        .post('/conversations')
        .set('Authorization', alice.bearer)
        .send({ member_ids: [bob.user.id] })
    ).body;
    const orphan = await uploaded(server, alice, PDF, 'forgotten.pdf');
    const kept = await uploaded(server, alice, PDF, 'sent.pdf');
    const sent = await request(server.url)
      .post('/messages')
      .set('Authorization', alice.bearer)
      .send({ conversation_id: room.id, message_id: `m-${randomUUID()}`, content: '', attachment_ids: [kept.id] })
      .expect(201);
    expect((sent.body as Message).attachments).toHaveLength(1);
    const deadline = Date.now() + 15_000;
    while ((await store.keys()).includes(`attachments/${orphan.id}`)) {
      if (Date.now() > deadline) throw new Error('the orphan was not swept within 15 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expectProblem(await fetchLink(server, orphan.url), 404, 'NOT_FOUND');
    await fetchLink(server, kept.url).expect(200);
    expect(await store.keys()).toContain(`attachments/${kept.id}`);
  });
});

/**
 * Memory and streaming on the local driver. (The s3 driver goes through @aws-sdk/lib-storage, one 5 MiB part at a time;
 * its peak RSS for a 25 MiB upload measured +41–46 MiB here, so it is not held to this bound yet.)
 */
describe('a large upload on the local storage driver', () => {
  let server: RunningServer;
  let alice: TestUser;

  beforeAll(async () => {
    server = await startServer();
    alice = await registerUser(server, 'alice');
  });
  afterAll(() => server?.dispose());

  it('streams a 25 MiB upload to storage: the server’s RSS never holds the file on top of its garbage', async () => {
    const pid = server.process.pid as number;
    const baseline = rssOf(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 10);
    try {
      expect((await uploaded(server, alice, randomBytes(25 * MIB), 'big.bin')).size).toBe(25 * MIB);
    } finally {
      clearInterval(sampler);
    }
    const grewMiB = (peak - baseline) / MIB;
    process.stdout.write(`[local] RSS ${(baseline / MIB).toFixed(1)} MiB → peak ${(peak / MIB).toFixed(1)} MiB (+${grewMiB.toFixed(1)})\n`);
    // Measured here: +8 to +26 MiB. That is request chunks already written but not yet collected (V8 lets external
    // memory grow before it collects), not the file: holding it would add its 25 MiB on top of the same garbage. The
    // next test shows the streaming directly.
    expect(grewMiB).toBeLessThan(40);
  });

  it('writes the bytes to storage while the client is still sending them (never waits for the whole body)', async () => {
    if (!server.storagePath) throw new Error('the local driver has a folder');
    const boundary = `----pneumatic${randomUUID()}`;
    const url = new URL('/attachments', server.url);
    const outgoing = httpRequest(url, {
      method: 'POST',
      headers: { Authorization: alice.bearer, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    });
    const answer = new Promise<number>((resolve, reject) => {
      outgoing.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      outgoing.on('error', reject);
    });
    outgoing.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    outgoing.write(randomBytes(4 * MIB));
    const folder = join(server.storagePath, 'attachments');
    const partial = () => (existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.part')) : []);
    const deadline = Date.now() + 10_000;
    while (!partial().some((name) => statSync(join(folder, name)).size > MIB)) {
      if (Date.now() > deadline) throw new Error('nothing reached storage while the body was half sent');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    outgoing.end(Buffer.concat([randomBytes(MIB), Buffer.from(`\r\n--${boundary}--\r\n`)]));
    expect(await answer).toBe(201);
    expect(partial()).toEqual([]);
  });
});
