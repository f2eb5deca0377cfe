import type { DomainEvents } from '../../core/events/domain-events';
import { REVOCATION_POLL_MS } from './session-revocations';

/** Users remembered at once: more than one instance serves within a few seconds. */
const ACTIVE_USERS_SIZE = 10_000;

/**
 * Users whose access token was accepted a moment ago, with their username (which never changes), so that every request
 * of a busy client is not also a round trip to the users table. Only active users are remembered, for no longer than
 * the revocation poll: a deactivation ends every session of the user, and each ending reaches every instance as
 * 'sessions.ended' (at once through Redis, within that poll without it), which forgets the user here. Even a
 * deactivation whose endings were missed is seen within REVOCATION_POLL_MS, as an ending would be.
 */
export class ActiveUsers {
  private readonly users = new Map<string, { readonly username: string; readonly until: number }>();

  constructor(
    events: DomainEvents,
    private readonly ttlMs = REVOCATION_POLL_MS,
  ) {
    events.on('sessions.ended', ({ sessions }) => {
      for (const session of sessions) this.users.delete(session.userId);
    });
  }

  /** The username of a user found active within the last few seconds; null when they must be looked up. */
  usernameOf(userId: string): string | null {
    const entry = this.users.get(userId);
    if (!entry) return null;
    if (entry.until > Date.now()) return entry.username;
    this.users.delete(userId);
    return null;
  }

  remember(userId: string, username: string): void {
    this.users.delete(userId);
    if (this.users.size >= ACTIVE_USERS_SIZE) this.users.delete(this.users.keys().next().value as string);
    this.users.set(userId, { username, until: Date.now() + this.ttlMs });
  }
}
