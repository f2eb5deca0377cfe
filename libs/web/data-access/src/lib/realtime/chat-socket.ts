import { DestroyRef, inject, Injectable, InjectionToken, signal } from '@angular/core';
import type {
  Ack,
  ClientToServerEvents,
  Conversation,
  Message,
  PresenceEvent,
  ReadEvent,
  ReadPayload,
  SendMessagePayload,
  ServerToClientEvents,
  SyncCursor,
  SyncPayload,
  SyncResponse,
  TypingEvent,
  TypingPayload,
  User,
} from '@pneumatic/contracts';
import { Subject } from 'rxjs';
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { Session } from '../auth/session';

export type ChatClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type SocketFactory = (options: Partial<ManagerOptions & SocketOptions>) => Promise<ChatClientSocket>;

/**
 * Makes the Socket.IO client, loading its code on first use: the login page never needs it, so it stays out of
 * the initial bundle. Tests provide a fake.
 */
export const SOCKET_FACTORY = new InjectionToken<SocketFactory>('SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => async (options) => (await import('socket.io-client')).io(options),
});

/**
 * idle: not started or stopped · connecting: first attempt · connected · reconnecting: the link dropped
 * (network, server restart, expired token) and the client is working to get it back.
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

/** How long an acknowledgement may take before the request counts as failed. */
export const ACK_TIMEOUT_MS = 10_000;
const MAX_RECOVERY_DELAY_MS = 30_000;
const CLIENT_LOAD_RETRY_MS = 5_000;

/**
 * The one Socket.IO connection of this tab, typed by the contract's event maps. The handshake reads the access
 * token through the function form of `auth`, so every reconnect presents the current (refreshed) token.
 * Socket.IO retries dropped transports by itself; the two cases it leaves to the app are handled here:
 * a refused handshake (refresh the token, then connect again) and a server-side disconnect (the server lets
 * sockets go when their token expires or it shuts down: connect again).
 */
@Injectable({ providedIn: 'root' })
export class ChatSocket {
  private readonly session = inject(Session);
  private readonly createSocket = inject(SOCKET_FACTORY);
  private socket: ChatClientSocket | null = null;
  /** The client being loaded and made, until it is there. */
  private opening: Promise<void> | null = null;
  private readonly stateSignal = signal<ConnectionState>('idle');
  private recoveryTimer: ReturnType<typeof setTimeout> | undefined;
  private recoveryAttempts = 0;
  private readonly connectedSubject = new Subject<void>();
  private readonly messageSubject = new Subject<Message>();
  private readonly updateSubject = new Subject<Message>();
  private readonly conversationSubject = new Subject<Conversation>();
  private readonly removedSubject = new Subject<string>();
  private readonly readSubject = new Subject<ReadEvent>();
  private readonly typingSubject = new Subject<TypingEvent>();
  private readonly presenceSubject = new Subject<PresenceEvent>();
  private readonly newcomerSubject = new Subject<User>();
  private readonly userSubject = new Subject<User>();

  readonly state = this.stateSignal.asReadonly();
  /** Emits on every successful (re)connection: the moment to catch up on what was missed. */
  readonly connected$ = this.connectedSubject.asObservable();
  readonly messages$ = this.messageSubject.asObservable();
  /** A message changed (edited, deleted…): its whole current state. */
  readonly updates$ = this.updateSubject.asObservable();
  /** A conversation the user was added to, or one of theirs that changed (members, admins, title). */
  readonly conversations$ = this.conversationSubject.asObservable();
  /** The id of a conversation the user was removed from or left (on any device): forget it. */
  readonly removed$ = this.removedSubject.asObservable();
  /** A member's read marker moved (the signed-in user's too, from any of their devices). */
  readonly reads$ = this.readSubject.asObservable();
  /** Another member started or stopped typing. */
  readonly typing$ = this.typingSubject.asObservable();
  /** Someone who shares a conversation with the user came online or went offline. */
  readonly presence$ = this.presenceSubject.asObservable();
  /** Someone signed up (anyone may find anyone, so every device hears of it). */
  readonly newcomers$ = this.newcomerSubject.asObservable();
  /** Someone who shares a conversation with the user (or the user, on another device) changed their profile. */
  readonly users$ = this.userSubject.asObservable();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.disconnect());
  }

  isConnected(): boolean {
    return this.socket?.connected ?? false;
  }

  connect(): void {
    if (this.socket || this.opening) return;
    this.stateSignal.set('connecting');
    const opening = this.createSocket({
      path: '/socket.io',
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      auth: (reply) => {
        const send = (token: string | null) => reply({ token: token ?? '' });
        this.session.validToken().then(send, () => send(this.session.token()));
      },
    }).then(
      (socket) => {
        if (this.opening !== opening) return void socket.disconnect(); // stopped meanwhile
        this.opening = null;
        this.attach(socket);
      },
      () => {
        if (this.opening !== opening) return;
        // The client's code could not be loaded (no connection): try again in a while.
        this.opening = null;
        this.stateSignal.set('reconnecting');
        this.recoveryTimer = setTimeout(() => this.connect(), CLIENT_LOAD_RETRY_MS);
      },
    );
    this.opening = opening;
  }

  private attach(socket: ChatClientSocket): void {
    socket.on('connect', () => {
      this.recoveryAttempts = 0;
      this.stateSignal.set('connected');
      this.connectedSubject.next();
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.stateSignal.set('reconnecting');
      if (reason === 'io server disconnect') this.recover(false);
    });
    socket.on('connect_error', (error) => {
      if (this.stateSignal() !== 'connecting') this.stateSignal.set('reconnecting');
      if (socket.active) return; // a transport failure: the manager retries by itself
      const refused = (error as { data?: { code?: string } }).data?.code === 'UNAUTHORIZED';
      this.recover(refused);
    });
    socket.on('message:new', ({ message }) => this.messageSubject.next(message));
    socket.on('message:updated', ({ message }) => this.updateSubject.next(message));
    socket.on('conversation:new', ({ conversation }) => this.conversationSubject.next(conversation));
    socket.on('conversation:updated', ({ conversation }) => this.conversationSubject.next(conversation));
    socket.on('conversation:removed', ({ conversation_id }) => this.removedSubject.next(conversation_id));
    socket.on('read', (event) => this.readSubject.next(event));
    socket.on('typing', (event) => this.typingSubject.next(event));
    socket.on('presence', (event) => this.presenceSubject.next(event));
    socket.on('user:new', ({ user }) => this.newcomerSubject.next(user));
    socket.on('user:updated', ({ user }) => this.userSubject.next(user));
    // The server disconnects right after this: nothing to reconnect to, the session is over.
    socket.on('session:ended', ({ reason }) => {
      this.disconnect();
      this.session.endedElsewhere(reason);
    });
    this.socket = socket;
    socket.connect();
  }

  disconnect(): void {
    this.opening = null;
    clearTimeout(this.recoveryTimer);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.stateSignal.set('idle');
  }

  sendMessage(payload: SendMessagePayload): Promise<Ack<{ message: Message }>> {
    return this.connectedSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('message:send', payload);
  }

  sync(payload: SyncPayload): Promise<Ack<SyncResponse>> {
    return this.connectedSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('sync', payload);
  }

  /** Moves the user's read marker; the ack carries the marker afterwards. */
  markRead(payload: ReadPayload): Promise<Ack<{ seq: number }>> {
    return this.connectedSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('read', payload);
  }

  /**
   * Tells the other members the user is (or stopped) typing. Dropped when not connected: a late "typing" is
   * wrong, and the server turns a stale one off by itself.
   */
  sendTyping(payload: TypingPayload): void {
    if (this.socket?.connected) this.socket.emit('typing', payload);
  }

  /**
   * Runs `sync` from these cursors, and again for every result that says `has_more` (after its last message) or
   * `has_more_changes` (after its last change), until nothing is left; each answer goes to `apply` as it comes.
   * Resolves to false if the connection or the server failed on the way (the next reconnection starts over from
   * what was applied).
   */
  async syncUntilCaughtUp(cursors: readonly SyncCursor[], apply: (answer: SyncResponse) => void): Promise<boolean> {
    let pending = cursors;
    do {
      if (!this.isConnected()) return false;
      const ack = await this.sync({ conversations: pending }).catch(() => null);
      if (!ack?.ok) return false;
      apply(ack);
      const asked = new Map(pending.map((cursor) => [cursor.conversation_id, cursor]));
      pending = ack.results.flatMap((result) => {
        const cursor = asked.get(result.conversation_id);
        const moreMessages = result.has_more && result.messages.length > 0;
        const moreChanges = result.has_more_changes === true && (result.changes?.length ?? 0) > 0;
        if (!cursor || (!moreMessages && !moreChanges)) return [];
        return [
          {
            conversation_id: result.conversation_id,
            after_seq: moreMessages ? result.messages[result.messages.length - 1].seq : cursor.after_seq,
            ...(cursor.after_change_seq === undefined
              ? {}
              : { after_change_seq: moreChanges ? (result.changes?.at(-1)?.change_seq ?? 0) : result.conversation.last_change_seq }),
          },
        ];
      });
    } while (pending.length > 0);
    return true;
  }

  private connectedSocket(): ChatClientSocket {
    if (!this.socket?.connected) throw new Error('The real-time connection is not open.');
    return this.socket;
  }

  /** Connects again after Socket.IO gave up: at once the first time, then backing off up to 30 s. */
  private recover(refreshToken: boolean): void {
    const socket = this.socket;
    if (!socket) return;
    const delay = this.recoveryAttempts === 0 ? 0 : Math.min(MAX_RECOVERY_DELAY_MS, 1000 * 2 ** (this.recoveryAttempts - 1));
    this.recoveryAttempts++;
    clearTimeout(this.recoveryTimer);
    this.recoveryTimer = setTimeout(async () => {
      if (refreshToken) {
        const token = await this.session.refresh().catch(() => undefined);
        if (token === null) return this.disconnect(); // the session is over
      }
      if (this.socket === socket && !socket.active) socket.connect();
    }, delay);
  }
}
