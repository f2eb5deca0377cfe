import { Injectable } from '@nestjs/common';
import type { RawServerFrame } from '@pneumatic/contracts';
import { WebSocket } from 'ws';
import { SLOW_CONSUMER_BYTES } from './slow-consumer';

/** The raw `/ws` connections of this instance, by user, so deliveries find every device. */
@Injectable()
export class RawClients {
  private readonly byUser = new Map<string, Set<WebSocket>>();
  /** The same connections by the session (sign-in) they authenticated with, to let a session's go when it ends. */
  private readonly bySession = new Map<string, Set<WebSocket>>();

  get size(): number {
    let count = 0;
    for (const sockets of this.byUser.values()) count += sockets.size;
    return count;
  }

  get userCount(): number {
    return this.byUser.size;
  }

  add(user: { id: string; sessionId: string }, socket: WebSocket): void {
    addTo(this.byUser, user.id, socket);
    addTo(this.bySession, user.sessionId, socket);
  }

  remove(user: { id: string; sessionId: string }, socket: WebSocket): void {
    removeFrom(this.byUser, user.id, socket);
    removeFrom(this.bySession, user.sessionId, socket);
  }

  /** Closes every connection of a session (each leaves through its own close handler). */
  closeSession(sessionId: string, code: number, reason: string): void {
    for (const socket of this.bySession.get(sessionId) ?? []) socket.close(code, reason);
  }

  /** Sends one frame to every raw connection of the given users (serialised once). */
  send(userIds: readonly string[], frame: RawServerFrame): void {
    let text: string | null = null;
    for (const userId of userIds) {
      const sockets = this.byUser.get(userId);
      if (!sockets) continue;
      text ??= JSON.stringify(frame);
      for (const socket of sockets) RawClients.sendTo(socket, text);
    }
  }

  static sendTo(socket: WebSocket, text: string): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    // A client whose unsent data passes this is not reading: it is dropped, and resyncs later.
    if (socket.bufferedAmount > SLOW_CONSUMER_BYTES) {
      socket.terminate();
      return;
    }
    socket.send(text);
  }

  closeAll(code: number, reason: string): void {
    for (const sockets of this.byUser.values()) for (const socket of sockets) socket.close(code, reason);
  }
}

function addTo(index: Map<string, Set<WebSocket>>, key: string, socket: WebSocket): void {
  const sockets = index.get(key) ?? new Set();
  sockets.add(socket);
  index.set(key, sockets);
}

function removeFrom(index: Map<string, Set<WebSocket>>, key: string, socket: WebSocket): void {
  const sockets = index.get(key);
  if (!sockets) return;
  sockets.delete(socket);
  if (sockets.size === 0) index.delete(key);
}
