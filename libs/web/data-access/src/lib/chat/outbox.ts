import { computed, inject, Injectable, signal } from '@angular/core';
import type { Attachment, Message, SendMessagePayload } from '@pneumatic/contracts';
import { firstValueFrom, timeout } from 'rxjs';
import { MessagesApi } from '../api/messages-api';
import { describeError, isTransientError, problemOf } from '../http/problem';
import { ACK_TIMEOUT_MS, ChatSocket } from '../realtime/chat-socket';
import { newMessageId } from './message-id';

/** One of the user's own messages that the server has not confirmed yet. */
export interface PendingMessage {
  /** The idempotency key, kept for every retry so that a retry can never make a second message. */
  readonly message_id: string;
  readonly conversation_id: string;
  readonly content: string;
  /** The uploaded files it sends (their ids go as `attachment_ids`). */
  readonly attachments?: readonly Attachment[];
  /** The message it answers, if any. */
  readonly reply_to_id?: string;
  /** When it was written on this device. */
  readonly created_at: string;
  readonly status: 'sending' | 'failed';
  /** Why it failed, in words for the person. */
  readonly error: string | null;
  /** It failed for a passing reason (no connection, a restart, a timeout): it is sent again on reconnect. */
  readonly transient: boolean;
}

/**
 * The user's messages on their way to the server. Each is shown at once and leaves the outbox when the server
 * confirms it (the ack, or the same message arriving live or by sync). It goes by the socket when connected,
 * else by `POST /messages`; a failure keeps it here, failed, to be retried with the same `message_id`.
 */
@Injectable({ providedIn: 'root' })
export class Outbox {
  private readonly socket = inject(ChatSocket);
  private readonly messagesApi = inject(MessagesApi);
  private readonly entries = signal<ReadonlyMap<string, PendingMessage>>(new Map());

  /** Every pending message, oldest first. */
  readonly pending = computed(() => [...this.entries().values()]);

  /** Queues a new message; resolves with the stored message, or null when it failed (it stays, failed). */
  send(conversationId: string, content: string, replyToId?: string, attachments: readonly Attachment[] = []): Promise<Message | null> {
    const entry: PendingMessage = {
      message_id: newMessageId(),
      conversation_id: conversationId,
      content,
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(replyToId ? { reply_to_id: replyToId } : {}),
      created_at: new Date().toISOString(),
      status: 'sending',
      error: null,
      transient: false,
    };
    this.put(entry);
    return this.transmit(entry);
  }

  /** Sends a failed message again, under the same key. */
  retry(messageId: string): Promise<Message | null> {
    const entry = this.entries().get(messageId);
    if (!entry || entry.status === 'sending') return Promise.resolve(null);
    const again: PendingMessage = { ...entry, status: 'sending', error: null, transient: false };
    this.put(again);
    return this.transmit(again);
  }

  /** Retries every message that failed for a passing reason (called when the connection is back). */
  retryTransient(): Promise<Message | null>[] {
    return this.pending()
      .filter((entry) => entry.status === 'failed' && entry.transient)
      .map((entry) => this.retry(entry.message_id));
  }

  /** Gives up on a failed message. */
  discard(messageId: string): void {
    if (this.entries().get(messageId)?.status === 'failed') this.remove(messageId);
  }

  /** A stored message reached this tab: if it is the server's copy of a pending one, that one is done. */
  confirm(message: Message, selfId: string): void {
    if (message.sender_id === selfId && this.entries().has(message.message_id)) this.remove(message.message_id);
  }

  clear(): void {
    this.entries.set(new Map());
  }

  private async transmit(entry: PendingMessage): Promise<Message | null> {
    try {
      const message = await this.deliver(entry);
      this.remove(entry.message_id);
      return message;
    } catch (error) {
      // Still pending (no live copy confirmed it meanwhile): mark it failed for the person to see.
      if (this.entries().get(entry.message_id)?.status === 'sending') {
        // An expired token (the server refuses the event, then drops the socket) passes too: the socket comes back
        // with a fresh one and the message goes again.
        const transient = isTransientError(error) || problemOf(error)?.status === 401;
        this.put({ ...entry, status: 'failed', error: describeError(error), transient });
      }
      return null;
    }
  }

  private async deliver(entry: PendingMessage): Promise<Message> {
    const payload: SendMessagePayload = {
      conversation_id: entry.conversation_id,
      message_id: entry.message_id,
      content: entry.content,
      ...(entry.attachments?.length ? { attachment_ids: entry.attachments.map((attachment) => attachment.id) } : {}),
      ...(entry.reply_to_id ? { reply_to_id: entry.reply_to_id } : {}),
    };
    if (!this.socket.isConnected()) {
      return firstValueFrom(this.messagesApi.send(payload).pipe(timeout(ACK_TIMEOUT_MS)));
    }
    const ack = await this.socket.sendMessage(payload);
    if (!ack.ok) throw ack.error;
    return ack.message;
  }

  private put(entry: PendingMessage): void {
    this.entries.update((entries) => new Map(entries).set(entry.message_id, entry));
  }

  private remove(messageId: string): void {
    this.entries.update((entries) => {
      const next = new Map(entries);
      next.delete(messageId);
      return next;
    });
  }
}
