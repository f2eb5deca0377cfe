import type { ClientToServerEvents, RawServerFrame, ServerToClientEvents } from '@pneumatic/contracts';
import { io, Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { RunningServer } from './server';

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

const open: { close(): void }[] = [];

/** Closes every socket the suite opened (call in afterEach/afterAll). */
export function closeAllSockets(): void {
  for (const socket of open.splice(0)) socket.close();
}

/** A connected Socket.IO client (websocket transport), or the connect_error it got. */
export function connectSocket(
  server: RunningServer,
  options: { token?: string; query?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<ChatClient> {
  const socket: ChatClient = io(server.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: options.token ? { token: options.token } : {},
    query: options.query,
    extraHeaders: options.headers,
  });
  open.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

/** Records every event of one name a socket receives. */
export function record<E extends keyof ServerToClientEvents>(socket: ChatClient, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const events: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => events.push(payload)) as never);
  return events;
}

/** Waits until `condition` holds (polling), failing after `ms`. */
export async function eventually(condition: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RawClient {
  readonly socket: WebSocket;
  readonly frames: RawServerFrame[];
  readonly closed: Promise<{ code: number; reason: string }>;
  send(frame: unknown): void;
}

/** A raw WebSocket client of the original `/ws` protocol, recording every frame it receives. */
export function openRaw(server: RunningServer, token?: string, headers?: Record<string, string>): Promise<RawClient> {
  const url = `${server.url.replace('http', 'ws')}/ws${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;
  const socket = new WebSocket(url, { headers });
  open.push({ close: () => socket.terminate() });
  const frames: RawServerFrame[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
  socket.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, frames, closed, send: (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)) }));
    socket.once('unexpected-response', (_, response) => reject(new Error(`HTTP ${response.statusCode}`)));
  });
}
