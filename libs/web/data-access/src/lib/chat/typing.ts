import { inject, Injectable, signal } from '@angular/core';
import type { TypingEvent } from '@pneumatic/contracts';
import { ChatSocket } from '../realtime/chat-socket';

/** A "typing" nobody refreshed for this long is taken down here, whatever the server says (a lost "stop"). */
export const TYPING_SHOWN_MS = 6_000;
/** While the user keeps typing, "typing" is said again this often (the server forgets it after 5 s). */
export const TYPING_REFRESH_MS = 3_000;
/** The user counts as having stopped typing after this long without a keystroke. */
export const TYPING_IDLE_MS = 4_000;

/** Who is typing in each conversation (other members only), in the order they started. */
@Injectable({ providedIn: 'root' })
export class TypingIndicators {
  private readonly typists = signal<ReadonlyMap<string, readonly string[]>>(new Map());
  private readonly expiries = new Map<string, ReturnType<typeof setTimeout>>();

  /** Conversation id → the ids of the people typing there. */
  readonly byConversation = this.typists.asReadonly();

  received(event: TypingEvent): void {
    if (event.typing) this.started(event.conversation_id, event.user_id);
    else this.stopped(event.conversation_id, event.user_id);
  }

  /** Someone stopped typing (they said so, their message arrived, or they went quiet). */
  stopped(conversationId: string, userId: string): void {
    const key = `${conversationId} ${userId}`;
    clearTimeout(this.expiries.get(key));
    this.expiries.delete(key);
    const ids = this.typists().get(conversationId) ?? [];
    if (!ids.includes(userId)) return;
    this.typists.update((map) => {
      const next = new Map(map);
      const rest = ids.filter((id) => id !== userId);
      if (rest.length) next.set(conversationId, rest);
      else next.delete(conversationId);
      return next;
    });
  }

  clear(): void {
    for (const expiry of this.expiries.values()) clearTimeout(expiry);
    this.expiries.clear();
    this.typists.set(new Map());
  }

  private started(conversationId: string, userId: string): void {
    const key = `${conversationId} ${userId}`;
    clearTimeout(this.expiries.get(key));
    this.expiries.set(
      key,
      setTimeout(() => this.stopped(conversationId, userId), TYPING_SHOWN_MS),
    );
    const ids = this.typists().get(conversationId) ?? [];
    if (!ids.includes(userId)) this.typists.update((map) => new Map(map).set(conversationId, [...ids, userId]));
  }
}

/**
 * Tells the other members while the user types: "typing" on the first keystroke and again every 3 s while they go
 * on, "stopped" when the text is emptied or sent, after 4 s without a keystroke, or when they turn to another
 * conversation. Nothing is said while the connection is down.
 */
@Injectable({ providedIn: 'root' })
export class TypingAnnouncer {
  private readonly socket = inject(ChatSocket);
  private current: { readonly conversationId: string; readonly saidAt: number } | null = null;
  private idle: ReturnType<typeof setTimeout> | undefined;

  /** The user changed the text they are writing in a conversation (`writing`: it is not blank). */
  typed(conversationId: string, writing: boolean): void {
    if (this.current && this.current.conversationId !== conversationId) this.stop();
    if (!writing) return this.stop();
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), TYPING_IDLE_MS);
    const now = Date.now();
    if (this.current && now - this.current.saidAt < TYPING_REFRESH_MS) return;
    if (!this.socket.isConnected()) return;
    this.socket.sendTyping({ conversation_id: conversationId, typing: true });
    this.current = { conversationId, saidAt: now };
  }

  /** The user stopped typing (sent, emptied the box, left the conversation). */
  stop(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    const current = this.current;
    this.current = null;
    if (current) this.socket.sendTyping({ conversation_id: current.conversationId, typing: false });
  }

  /** Forgets without a word (the connection is being closed). */
  reset(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    this.current = null;
  }
}
