import { inject, Injectable, signal } from '@angular/core';
import { LIMITS, type User } from '@pneumatic/contracts';
import { firstValueFrom, Subject, tap, type Observable } from 'rxjs';
import { UsersApi } from '../api/users-api';
import { Presence } from './presence';

/**
 * The people this tab has seen (the members of its conversations, search results), by id, for names. Each person
 * met comes with their presence, which goes on to `Presence`.
 */
@Injectable({ providedIn: 'root' })
export class UsersDirectory {
  private readonly api = inject(UsersApi);
  private readonly presence = inject(Presence);
  private readonly known = signal<ReadonlyMap<string, User>>(new Map());
  /** Ids asked for (or being asked for), so a member does not cause a request per event. */
  private readonly sought = new Set<string>();
  private readonly newcomerSubject = new Subject<User>();

  readonly byId = this.known.asReadonly();
  /** People who signed up since this tab started listening: lists of people on screen take them in. */
  readonly newcomers$ = this.newcomerSubject.asObservable();

  /** Makes sure these people can be named: those not met yet are looked up by id. */
  resolve(ids: readonly string[]): void {
    const unknown = [...new Set(ids)].filter((id) => !this.known().has(id) && !this.sought.has(id));
    if (unknown.length === 0) return;
    for (const id of unknown) this.sought.add(id);
    void this.lookUp(unknown).catch(() => unknown.forEach((id) => this.sought.delete(id)));
  }

  /**
   * Looks these people up again for their presence, which may be old: after a reconnection (the events of the time
   * away are lost), or on meeting them in a new conversation (nobody told this tab of them before).
   */
  async refresh(ids: readonly string[]): Promise<void> {
    const unique = [...new Set(ids)];
    for (const id of unique) this.sought.add(id);
    try {
      await this.lookUp(unique);
    } catch (error) {
      for (const id of unique) if (!this.known().has(id)) this.sought.delete(id);
      throw error;
    }
  }

  /** People whose username or full name starts with `query`; they are remembered for their names. */
  search(query: string): Observable<readonly User[]> {
    return this.api.list({ q: query.trim() || undefined, limit: LIMITS.usersPageDefault }).pipe(tap((users) => this.remember(users)));
  }

  /** Someone just signed up: they can be named, and the lists of people on screen hear of them. */
  welcome(user: User): void {
    this.remember([user]);
    this.newcomerSubject.next(user);
  }

  remember(users: readonly User[]): void {
    this.presence.fromUsers(users);
    if (users.every((user) => sameProfile(this.known().get(user.id), user))) return;
    this.known.update((known) => {
      const next = new Map(known);
      for (const user of users) next.set(user.id, user);
      return next;
    });
  }

  clear(): void {
    this.known.set(new Map());
    this.sought.clear();
  }

  /** `GET /users?ids=`, as many requests as the limit on ids asks for. */
  private async lookUp(ids: readonly string[]): Promise<void> {
    const batches: string[][] = [];
    for (let start = 0; start < ids.length; start += LIMITS.groupMembersMax) batches.push(ids.slice(start, start + LIMITS.groupMembersMax));
    const found = await Promise.all(batches.map((batch) => firstValueFrom(this.api.byIds(batch))));
    this.remember(found.flat());
  }
}

function sameProfile(known: User | undefined, user: User): boolean {
  return (
    known !== undefined && known.username === user.username && known.full_name === user.full_name && known.deactivated === user.deactivated
  );
}

/** How a person is named in the app: their full name, else their username. */
export function displayName(user: User | undefined): string {
  if (!user) return 'Unknown user';
  return user.full_name?.trim() || user.username;
}
