import { Injectable } from '@nestjs/common';
import type { RawServerFrame } from '@pneumatic/contracts';
import { WebSocket } from 'ws';
import { SLOW_CONSUMER_BYTES } from './slow-consumer';

/** The raw `/ws` connections of this instance, by user, so deliveries find every device. */
@Injectable()
export class RawClients {
  private readonly byUser = new Map<string, Set<WebSocket>>();

  get size(): number {
    let count = 0;
    for (const sockets of this.byUser.values()) count += sockets.size;
    return count;
  }

  get userCount(): number {
    return this.byUser.size;
  }

  add(userId: string, socket: WebSocket): void {
    const sockets = this.byUser.get(userId) ?? new Set();
    sockets.add(socket);
    this.byUser.set(userId, sockets);
  }

  remove(userId: string, socket: WebSocket): void {
    const sockets = this.byUser.get(userId);
    if (!sockets) return;
    sockets.delete(socket);
    if (sockets.size === 0) this.byUser.delete(userId);
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
