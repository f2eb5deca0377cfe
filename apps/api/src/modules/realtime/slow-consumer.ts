import type { Logger } from '@nestjs/common';
import type { ChatSocket } from './realtime.types';

/** Unsent bytes past which a connection counts as not reading (raw /ws and the Socket.IO websocket alike). */
export const SLOW_CONSUMER_BYTES = 4 * 1024 * 1024;
/**
 * Socket.IO packets waiting behind a write the client has not taken: a client that reads keeps this near
 * zero, so this many means it stopped. Packets are at most a few KB, so this bounds a connection to a few MB.
 */
export const SLOW_CONSUMER_PACKETS = 1000;

interface EngineTransport {
  readonly socket?: { readonly bufferedAmount?: number; terminate?: () => void };
}

/**
 * Drops a Socket.IO connection whose client has stopped reading, before its backlog grows the server
 * without bound. The transport is cut (not a Socket.IO disconnect), so a client that comes back
 * reconnects by itself and catches up with `sync`.
 */
export function dropWhenNotReading(socket: ChatSocket, logger: Logger): void {
  const connection = socket.conn;
  const check = () => {
    if (connection.readyState !== 'open') return;
    const transport = connection.transport as unknown as EngineTransport;
    // engine.io keeps the packets not yet handed to the transport here (private in its typings, stable since v3).
    const queued = (connection as unknown as { writeBuffer: readonly unknown[] }).writeBuffer.length;
    const buffered = transport.socket?.bufferedAmount ?? 0;
    if (queued <= SLOW_CONSUMER_PACKETS && buffered <= SLOW_CONSUMER_BYTES) return;
    logger.warn({ socket: socket.id, user_id: socket.data.user?.id, queued, buffered }, 'dropping a socket that does not read');
    connection.off('packetCreate', check);
    if (transport.socket?.terminate) transport.socket.terminate();
    else connection.close(true);
  };
  connection.on('packetCreate', check);
}
