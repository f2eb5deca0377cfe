import type { ClientToServerEvents, RawServerFrame, ServerToClientEvents } from '@pneumatic/contracts';
import type { Server, Socket } from 'socket.io';
import type { SerialQueue } from '../../core/concurrency/serial-queue';
import type { AuthUser } from '../../core/http/current-user.decorator';

/** What the server keeps on each Socket.IO connection: nothing else, so nothing can leak. */
export interface SocketData {
  user: AuthUser;
  /** When the access token presented at the handshake expires (ms since the epoch). */
  expiresAt: number;
  expiryTimer?: NodeJS.Timeout;
  /** One device's sends are stored in the order it sent them. */
  sends: SerialQueue;
}

/** Events between instances (through the Redis adapter): the raw /ws clients have no Socket.IO rooms. */
export interface InterServerEvents {
  /** A frame for the raw clients of these users on every other instance. */
  'raw:frame': (memberIds: string[], frame: RawServerFrame) => void;
}

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Every device of a user joins this room; a delivery to a user is an emit to it. */
export const userRoom = (userId: string): string => `user:${userId}`;

/** Every socket of one session (sign-in) joins this room, so that ending the session finds them. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;

/** setTimeout's ceiling (about 24.8 days): a later expiry is re-checked then. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
