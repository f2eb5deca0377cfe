import type { Conversation } from '@pneumatic/contracts';
import request from 'supertest';
import { registerUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket, eventually, openRaw } from '../support/sockets';

describe('graceful drain on SIGTERM', () => {
  let server: RunningServer;
  afterEach(() => closeAllSockets());
  afterEach(() => server?.dispose());

  it('fails readiness first, refuses new sockets, then drops the open ones so they reconnect elsewhere, and exits 0', async () => {
    server = await startServer({ env: { SHUTDOWN_DRAIN_MS: '1500' } });
    const user = await registerUser(server, 'drain');
    const socket = await connectSocket(server, { token: user.tokens.access_token });
    const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const raw = await openRaw(server, user.tokens.access_token);
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', resolve));

    server.process.kill('SIGTERM');
    await eventually(() => server.output.some((line) => line.includes('SIGTERM: draining')), 2000, 'the drain to begin');
    const ready = await request(server.url).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toMatchObject({ lifecycle: 'down', database: 'up' });
    await request(server.url).get('/health').expect(200);
    await expect(connectSocket(server, { token: user.tokens.access_token })).rejects.toBeInstanceOf(Error);

    // A dropped transport (not a server "disconnect") is what makes Socket.IO clients reconnect by themselves.
    expect(await reason).toBe('transport close');
    expect((await raw.closed).code).toBe(1001);
    expect(await exited).toBe(0);
  });

  it('finishes in-flight writes: every message acknowledged before the exit is stored', async () => {
    server = await startServer({ env: { SHUTDOWN_DRAIN_MS: '0' } });
    const [alice, bob] = await Promise.all([registerUser(server, 'alice'), registerUser(server, 'bob')]);
    const room: Conversation = (await request(server.url).post('/conversations').set('Authorization', alice.bearer).send({ member_ids: [bob.user.id] })).body;
    const sockets = await Promise.all([alice, bob, alice, bob].map((u) => connectSocket(server, { token: u.tokens.access_token })));
    const acked: string[] = [];
    const sends = Array.from({ length: 200 }, (_, i) =>
      sockets[i % 4]
        .timeout(5000)
        .emitWithAck('message:send', { conversation_id: room.id, message_id: `drain-${i}`, content: `m${i}` })
        .then((ack) => ack.ok && acked.push(ack.message.message_id))
        .catch(() => undefined),
    );
    await eventually(() => acked.length >= 20, 5000, 'some acks');
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGTERM');
    await Promise.all(sends);
    expect(await exited).toBe(0);

    server = await server.restart();
    const stored = new Set<string>();
    for (let after = 0; ; ) {
      const page = (await request(server.url).get(`/conversations/${room.id}/messages?limit=100&after_seq=${after}`).set('Authorization', alice.bearer)).body;
      for (const message of page.messages) stored.add(message.message_id);
      if (!page.has_more) break;
      after = page.messages[page.messages.length - 1].seq;
    }
    for (const id of acked) expect(stored.has(id)).toBe(true);
    expect(acked.length).toBeGreaterThan(0);
  });
});
