import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { RunningServer } from '../support/server';

/** A WebSocket connection that has stopped reading: the server's frames pile up in its buffers, not here. */
export interface StalledClient {
  readonly socket: WebSocket;
  close(): void;
}

function stopReading(socket: WebSocket): StalledClient {
  // The TCP socket under `ws`: paused, it leaves every byte in the kernel and then in the server's own buffers.
  (socket as unknown as { _socket: Socket })._socket.pause();
  return { socket, close: () => socket.terminate() };
}

function nextMessage(socket: WebSocket, startsWith: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const text = data.toString();
      if (!text.startsWith(startsWith)) return;
      socket.off('message', onMessage);
      resolve(text);
    };
    socket.on('message', onMessage);
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`closed before a "${startsWith}" packet`)));
  });
}

/**
 * A Socket.IO client spoken by hand over `ws` (engine.io v4 over a websocket): it opens, joins the default
 * namespace with its token, and then never reads again — nor answers a ping.
 */
export async function stalledSocketIoClient(server: RunningServer, token: string): Promise<StalledClient> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  socket.on('error', () => undefined);
  const opened = nextMessage(socket, '0');
  await opened;
  const connected = nextMessage(socket, '40');
  socket.send(`40${JSON.stringify({ token })}`);
  await connected;
  return stopReading(socket);
}

/** A client of the raw `/ws` protocol that never reads after the upgrade. */
export async function stalledRawClient(server: RunningServer, token: string): Promise<StalledClient> {
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`);
  socket.on('error', () => undefined);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('unexpected-response', () => reject(new Error('upgrade refused')));
  });
  return stopReading(socket);
}
