import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { TypingEvent } from '@pneumatic/contracts';

/** A typing indicator nobody refreshes for this long turns itself off. */
export const TYPING_EXPIRY_MS = 5000;
/** "Still typing" is relayed at most this often per user and conversation. */
export const TYPING_THROTTLE_MS = 1500;

type Relay = (event: TypingEvent) => void;

/**
 * Typing indicators: relayed to the other members, throttled, expiring by themselves; never stored.
 * Holds one timer per user currently typing in a conversation, and nothing else.
 */
@Injectable()
export class TypingRelay implements OnModuleDestroy {
  private readonly typing = new Map<string, { relayedAt: number; expiry: NodeJS.Timeout }>();

  get activeCount(): number {
    return this.typing.size;
  }

  /** Records a typing change and relays it (through `relay`) when the others should hear of it. */
  update(userId: string, conversationId: string, typing: boolean, relay: Relay): void {
    const key = `${userId}:${conversationId}`;
    const current = this.typing.get(key);
    if (!typing) {
      if (!current) return;
      clearTimeout(current.expiry);
      this.typing.delete(key);
      relay({ conversation_id: conversationId, user_id: userId, typing: false });
      return;
    }
    const now = Date.now();
    if (current) clearTimeout(current.expiry);
    const relayNow = !current || now - current.relayedAt >= TYPING_THROTTLE_MS;
    const expiry = setTimeout(() => {
      this.typing.delete(key);
      relay({ conversation_id: conversationId, user_id: userId, typing: false });
    }, TYPING_EXPIRY_MS);
    this.typing.set(key, { relayedAt: relayNow ? now : (current?.relayedAt ?? now), expiry });
    if (relayNow) relay({ conversation_id: conversationId, user_id: userId, typing: true });
  }

  onModuleDestroy(): void {
    for (const { expiry } of this.typing.values()) clearTimeout(expiry);
    this.typing.clear();
  }
}
