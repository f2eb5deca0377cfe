import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { createTestApp, signUpAndLogIn, TestApp } from '../../../test/app';
import { ChatGateway } from './chat.gateway';
import { RawClients } from './raw-clients';

const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe('per-socket state after many connections (in-process, real clients)', () => {
  let test: TestApp;
  let token: string;

  beforeAll(async () => {
    test = await createTestApp();
    ({ token } = await signUpAndLogIn(test.url, 'churner'));
  });
  afterAll(() => test.close());

  const socketIoCycle = () =>
    new Promise<void>((resolve, reject) => {
      const socket = io(test.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
      socket.once('connect', () => {
        socket.once('disconnect', () => resolve());
        socket.disconnect();
      });
      socket.once('connect_error', reject);
    });

  const rawCycle = () =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(`${test.url.replace('http', 'ws')}/ws?token=${token}`);
      socket.once('open', () => {
        socket.send(JSON.stringify({ type: 'ping' }));
        socket.once('message', () => socket.close());
      });
      socket.once('close', () => resolve());
      socket.once('error', reject);
    });

  it('holds nothing after 500 Socket.IO and 100 raw connect/disconnect cycles', async () => {
    const baselineTimers = timers();
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all([...Array.from({ length: 50 }, socketIoCycle), ...Array.from({ length: 10 }, rawCycle)]);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const gateway = test.app.get(ChatGateway);
    expect(gateway.server.of('/').sockets.size).toBe(0);
    expect(gateway.server.of('/').adapter.rooms.size).toBe(0);
    const raw = test.app.get(RawClients);
    expect([raw.size, raw.userCount]).toEqual([0, 0]);
    expect(timers()).toBeLessThanOrEqual(baselineTimers + 2);
    const metrics = await (await fetch(`${test.url}/metrics`)).text();
    expect(metrics).toMatch(/^pneumatic_websocket_connections_active 0$/m);
    expect(metrics).toMatch(/^pneumatic_websocket_connections_total 600$/m);
  }, 60_000);
});
