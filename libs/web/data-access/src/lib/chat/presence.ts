import { Injectable, signal } from '@angular/core';
import type { Conversation, PresenceEvent, User } from '@pneumatic/contracts';

/** Whether someone is online now, and when their last device left (null: never seen, or online). */
export interface PresenceState {
  readonly online: boolean;
  readonly last_seen: string | null;
}

/**
 * Who is online, by user id: seeded by the conversation list (`presence`) and the people the app looks up
 * (`online`, `last_seen`), kept live by `presence` events. The newest word wins, except that "last seen" never
 * moves back to an earlier time.
 */
@Injectable({ providedIn: 'root' })
export class Presence {
  private readonly states = signal<ReadonlyMap<string, PresenceState>>(new Map());

  readonly byId = this.states.asReadonly();

  of(userId: string): PresenceState | undefined {
    return this.states().get(userId);
  }

  fromEvent(event: PresenceEvent): void {
    this.put([[event.user_id, { online: event.status === 'online', last_seen: event.last_seen }]]);
  }

  /** People from `GET /users`; those without presence (an older server) change nothing. */
  fromUsers(users: readonly User[]): void {
    this.put(
      users.flatMap((user) => (user.online === undefined ? [] : [[user.id, { online: user.online, last_seen: user.last_seen ?? null }]])),
    );
  }

  fromConversations(conversations: readonly Conversation[]): void {
    this.put(
      conversations.flatMap((conversation) =>
        (conversation.presence ?? []).map(({ user_id, online, last_seen }) => [user_id, { online, last_seen }] as const),
      ),
    );
  }

  clear(): void {
    this.states.set(new Map());
  }

  private put(entries: readonly (readonly [string, PresenceState])[]): void {
    const known = this.states();
    const changed = entries
      .map(([id, state]) => [id, keepLatestSeen(known.get(id), state)] as const)
      .filter(([id, state]) => !samePresence(known.get(id), state));
    if (changed.length === 0) return;
    this.states.update((states) => {
      const next = new Map(states);
      for (const [id, state] of changed) next.set(id, state);
      return next;
    });
  }
}

function keepLatestSeen(known: PresenceState | undefined, incoming: PresenceState): PresenceState {
  const before = known?.last_seen;
  if (!before || (incoming.last_seen && incoming.last_seen >= before)) return incoming;
  return { ...incoming, last_seen: before };
}

function samePresence(a: PresenceState | undefined, b: PresenceState): boolean {
  return a !== undefined && a.online === b.online && a.last_seen === b.last_seen;
}
