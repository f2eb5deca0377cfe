import { inject, Injectable } from '@angular/core';
import { firstValueFrom, timeout } from 'rxjs';
import { ConversationsApi } from '../api/conversations-api';
import { isTransientError, problemOf } from '../http/problem';
import { ACK_TIMEOUT_MS, ChatSocket } from '../realtime/chat-socket';

/** What the user sees within this long goes to the server as one marker. */
export const READ_MARKER_DELAY_MS = 500;

/**
 * Tells the server how far the user has read: the highest seq seen per conversation, gathered for a moment so a
 * burst of messages makes one request, sent only when it is beyond the marker the server is known to hold, by the
 * socket when connected, else by `POST /conversations/{id}/read`. A marker that could not go out for a passing
 * reason waits for `flush()` (the store calls it when the connection is back).
 */
@Injectable({ providedIn: 'root' })
export class ReadMarkers {
  private readonly socket = inject(ChatSocket);
  private readonly api = inject(ConversationsApi);
  /** The marker the server holds, as far as this tab knows (its copies, acks and `read` events). */
  private readonly confirmed = new Map<string, number>();
  /** Seen here, not yet confirmed. */
  private readonly wanted = new Map<string, number>();
  private readonly sending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  /** The server holds at least `seq` for this conversation. */
  confirm(conversationId: string, seq: number): void {
    if (seq <= (this.confirmed.get(conversationId) ?? 0)) return;
    this.confirmed.set(conversationId, seq);
    if ((this.wanted.get(conversationId) ?? 0) <= seq) this.wanted.delete(conversationId);
  }

  /** The user has seen everything up to `seq`. */
  seen(conversationId: string, seq: number): void {
    if (seq <= Math.max(this.confirmed.get(conversationId) ?? 0, this.wanted.get(conversationId) ?? 0)) return;
    this.wanted.set(conversationId, seq);
    this.schedule();
  }

  /** Sends every marker still waiting (one request per conversation at a time). */
  flush(): void {
    for (const [conversationId, seq] of this.wanted) {
      if (!this.sending.has(conversationId)) void this.send(conversationId, seq);
    }
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, READ_MARKER_DELAY_MS);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.generation++;
    this.confirmed.clear();
    this.wanted.clear();
    this.sending.clear();
  }

  private async send(conversationId: string, seq: number): Promise<void> {
    const generation = this.generation;
    this.sending.add(conversationId);
    try {
      this.confirm(conversationId, await this.deliver(conversationId, seq));
      // Answered: the server's marker is final for this seq (it never goes past the newest message).
      if (this.wanted.get(conversationId) === seq) this.wanted.delete(conversationId);
    } catch (error) {
      // Refused for good (no longer a member, the conversation is gone): nothing to retry.
      if (!isTransientError(error) && problemOf(error)?.status !== 401 && this.wanted.get(conversationId) === seq) {
        this.wanted.delete(conversationId);
      }
      return;
    } finally {
      if (generation === this.generation) this.sending.delete(conversationId);
    }
    // The user read further while this one was on its way.
    if (generation === this.generation && this.wanted.has(conversationId)) this.schedule();
  }

  private async deliver(conversationId: string, seq: number): Promise<number> {
    if (!this.socket.isConnected()) {
      const conversation = await firstValueFrom(this.api.markRead(conversationId, seq).pipe(timeout(ACK_TIMEOUT_MS)));
      return conversation.last_read_seq;
    }
    const ack = await this.socket.markRead({ conversation_id: conversationId, seq });
    if (!ack.ok) throw ack.error;
    return ack.seq;
  }
}
