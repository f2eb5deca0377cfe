import type { ManagerOptions, SocketOptions } from 'socket.io-client';

type Handler = (...args: unknown[]) => void;
type ServerHandler = (payload: unknown) => unknown;
type AckedEvent = 'message:send' | 'sync' | 'read';

/**
 * A stand-in for the Socket.IO client with the few members ChatSocket uses, driven by the test: the test plays
 * the server (accepts, drops or refuses the connection, pushes events, answers acknowledged events).
 */
export class FakeSocket {
  connected = false;
  active = false;
  connectCalls = 0;
  readonly emitted: { event: string; payload: unknown }[] = [];
  /** How the "server" answers acknowledged events; an event without an answer is never acknowledged. */
  readonly answers: Partial<Record<AckedEvent, ServerHandler>> = {};
  private readonly handlers = new Map<string, Handler[]>();

  constructor(readonly options: Partial<ManagerOptions & SocketOptions>) {}

  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }

  removeAllListeners(): this {
    this.handlers.clear();
    return this;
  }

  connect(): this {
    this.connectCalls++;
    this.active = true;
    return this;
  }

  disconnect(): this {
    const wasConnected = this.connected;
    this.connected = false;
    this.active = false;
    if (wasConnected) this.fire('disconnect', 'io client disconnect');
    return this;
  }

  timeout(): this {
    return this;
  }

  /** An event without an acknowledgement (typing). */
  emit(event: string, payload: unknown): this {
    this.emitted.push({ event, payload });
    return this;
  }

  emitWithAck(event: AckedEvent, payload: unknown): Promise<unknown> {
    this.emitted.push({ event, payload });
    const answer = this.answers[event];
    return answer ? Promise.resolve().then(() => answer(payload)) : new Promise(() => undefined);
  }

  /** The token the client would present at the handshake now. */
  handshakeToken(): Promise<string> {
    const auth = this.options.auth;
    if (typeof auth !== 'function') throw new Error('auth is not a function');
    return new Promise((resolve) => auth((data) => resolve((data as { token: string }).token)));
  }

  accept(): void {
    this.connected = true;
    this.active = true;
    this.fire('connect');
  }

  /** The link goes down; with 'io server disconnect' Socket.IO stops trying by itself. */
  drop(reason: 'transport close' | 'io server disconnect' | 'ping timeout'): void {
    this.connected = false;
    if (reason === 'io server disconnect') this.active = false;
    this.fire('disconnect', reason);
  }

  /** The handshake is refused by the server's middleware (Socket.IO does not retry). */
  refuse(code: string): void {
    this.connected = false;
    this.active = false;
    this.fire('connect_error', Object.assign(new Error('refused'), { data: { code } }));
  }

  /** A connection attempt fails in transport (Socket.IO keeps retrying). */
  failTransport(): void {
    this.fire('connect_error', new Error('websocket error'));
  }

  push(
    event:
      | 'message:new'
      | 'message:updated'
      | 'conversation:new'
      | 'conversation:updated'
      | 'conversation:removed'
      | 'read'
      | 'typing'
      | 'presence'
      | 'user:new'
      | 'user:updated'
      | 'session:ended',
    payload: unknown,
  ): void {
    this.fire(event, payload);
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
}

/** Lets queued promise callbacks run (HTTP requests behind an async interceptor, acks, chained awaits). */
export async function settle(rounds = 10): Promise<void> {
  for (let round = 0; round < rounds; round++) await Promise.resolve();
}
