import type { Message } from '@pneumatic/contracts';
import { valueOf, scrape } from '../observability/prometheus';
import { registerUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { describeWhen, e2eDatabase } from '../support/services';
import { ChatClient, closeAllSockets, connectSocket, eventually, pause, record } from '../support/sockets';
import { createGroup, serverRssMiB } from './fixtures';
import { StalledClient, stalledRawClient, stalledSocketIoClient } from './stalled-clients';

/** Messages sent while the slow clients do not read, each about 12 KB on the wire: ~48 MB per slow connection. */
const MESSAGES = 4000;
const CONTENT = '€'.repeat(4000);
const IN_FLIGHT_PER_SENDER = 16;
/** Sent first, so that the server's heap and caches have reached their working size before the baseline. */
const WARM_UP = 1500;

async function connectionsOf(server: RunningServer, transport: 'socket.io' | 'ws'): Promise<number | undefined> {
  return valueOf((await scrape(server)).samples, 'pneumatic_websocket_connections_by_transport', { transport });
}

/**
 * What is under test is the transport's backlog, which no database touches; on PostgreSQL the same run only
 * takes three times as long (every message is a durable commit), so the PostgreSQL pass leaves it out.
 */
const describeOnSqlite = describeWhen(e2eDatabase() === 'sqlite', 'the transport backlog is tested once, in the SQLite pass');

describeOnSqlite('a client that never reads its socket', () => {
  let server: RunningServer;
  let stalled: StalledClient[] = [];

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    for (const client of stalled) client.close();
    closeAllSockets();
    await server.dispose();
  });

  it('is disconnected before its backlog grows the server, while everyone else keeps receiving', async () => {
    const [slow, senderA, senderB, watcher] = await Promise.all(
      ['slow', 'senda', 'sendb', 'watch'].map((name) => registerUser(server, name)),
    );
    const room = await createGroup(server, senderA, [senderB, slow, watcher]);
    const senders = await Promise.all([senderA, senderB].map((user) => connectSocket(server, { token: user.tokens.access_token })));
    const watcherSocket = await connectSocket(server, { token: watcher.tokens.access_token });
    const received = record(watcherSocket, 'message:new');

    let counter = 0;
    const sendMany = (count: number, content: string) =>
      Promise.all(
        senders.flatMap((socket: ChatClient) =>
          Array.from({ length: IN_FLIGHT_PER_SENDER }, async () => {
            while (counter < count) {
              const id = `m-${counter++}`;
              const ack = await socket.timeout(30_000).emitWithAck('message:send', { conversation_id: room.id, message_id: id, content });
              expect(ack.ok).toBe(true);
            }
          }),
        ),
      );
    await sendMany(WARM_UP, CONTENT);
    await eventually(() => received.length === WARM_UP, 30_000, 'warm-up deliveries');
    const baseline = serverRssMiB(server);

    stalled = [await stalledSocketIoClient(server, slow.tokens.access_token), await stalledRawClient(server, slow.tokens.access_token)];
    expect(await connectionsOf(server, 'socket.io')).toBe(4);
    expect(await connectionsOf(server, 'ws')).toBe(1);

    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, serverRssMiB(server))), 100);
    try {
      await sendMany(WARM_UP + MESSAGES, CONTENT);
      await eventually(() => received.length === WARM_UP + MESSAGES, 60_000, 'every delivery to the reading client');
      await pause(500);
    } finally {
      clearInterval(sampler);
    }
    const end = serverRssMiB(server);
    process.stdout.write(`slow consumer: RSS baseline ${baseline} MiB, peak ${peak} MiB, end ${end} MiB\n`);

    // The reading client got every message once, in order.
    expect(received.map(({ message }: { message: Message }) => message.seq)).toEqual(received.map((_, i) => i + 1));
    // Both stalled connections were dropped by the server (they resync when they come back), the others kept.
    expect(await connectionsOf(server, 'socket.io')).toBe(3);
    expect(await connectionsOf(server, 'ws')).toBe(0);
    // Two connections that never read ~48 MB each. Without the cap the backlog grows with every message
    // (+46 MiB from 2500 messages, measured); with it, what remains is the reading clients' working set.
    expect(peak - baseline).toBeLessThan(50);
  });
});
