import type { ClientToServerEvents, RawServerFrame, ServerToClientEvents } from '@pneumatic/contracts';
import { io, Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { recordRealtimeEvent } from './asyncapi-conformance';
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
  observeSocket(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

/**
 * Hands every event and acknowledgement the server sends this socket to the AsyncAPI conformance check
 * (support/conformance-setup.ts), which holds them to the document's schemas after each test.
 */
export function observeSocket(socket: ChatClient): ChatClient {
  socket.onAny((event: string, payload: unknown) => recordRealtimeEvent({ kind: 'socketio:server', name: event, payload }));
  const emit = socket.emit.bind(socket) as (event: string, ...args: unknown[]) => ChatClient;
  (socket as unknown as { emit: typeof emit }).emit = (event, ...args) => {
    const ack = args[args.length - 1];
    if (typeof ack === 'function') {
      // Callbacks of emitWithAck, or under a timeout, get (error, ack) instead of (ack); emitWithAck marks its own.
      const internals = socket as unknown as { flags: { timeout?: number }; _opts: { ackTimeout?: number } };
      const marked = (ack as { withError?: boolean }).withError === true;
      const withError = marked || internals.flags.timeout !== undefined || internals._opts.ackTimeout !== undefined;
      const recording = (...values: unknown[]) => {
        if (!withError || !values[0]) recordRealtimeEvent({ kind: 'socketio:ack', name: event, payload: withError ? values[1] : values[0] });
        return (ack as (...values: unknown[]) => unknown)(...values);
      };
      args[args.length - 1] = Object.assign(recording, marked ? { withError: true } : {});
    }
    return emit(event, ...args);
  };
  return socket;
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
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as RawServerFrame;
    frames.push(frame);
    recordRealtimeEvent({ kind: 'raw:server', name: String(frame.type), payload: frame });
  });
  socket.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, frames, closed, send: (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)) }));
    socket.once('unexpected-response', (_, response) => reject(new Error(`HTTP ${response.statusCode}`)));
  });
}
