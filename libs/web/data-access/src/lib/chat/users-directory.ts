import { inject, Injectable, signal } from '@angular/core';
import { LIMITS, type User } from '@pneumatic/contracts';
import { firstValueFrom, tap, type Observable } from 'rxjs';
import { UsersApi } from '../api/users-api';

/** The people this tab has seen (the first page of users, search results, the signed-in user), by id, for names. */
@Injectable({ providedIn: 'root' })
export class UsersDirectory {
  private readonly api = inject(UsersApi);
  private readonly known = signal<ReadonlyMap<string, User>>(new Map());
  /** Ids already looked for and not found, so an unknown member does not cause a request per event. */
  private readonly sought = new Set<string>();
  private loading: Promise<void> | null = null;

  readonly byId = this.known.asReadonly();

  /** Loads the first page of people, enough to name everyone on a small server (one request at a time). */
  load(): Promise<void> {
    this.loading ??= firstValueFrom(this.api.list({ limit: LIMITS.usersPageMax }))
      .then((users) => this.remember(users))
      .finally(() => (this.loading = null));
    return this.loading;
  }

  /**
   * Makes sure these people can be named: someone not seen yet (who signed up after the list was loaded) makes
   * the list load again. The API has no lookup by id, so someone beyond the first page stays unnamed.
   */
  resolve(ids: readonly string[]): void {
    const unknown = ids.filter((id) => !this.known().has(id) && !this.sought.has(id));
    if (unknown.length === 0) return;
    for (const id of unknown) this.sought.add(id);
    void this.load().catch(() => unknown.forEach((id) => this.sought.delete(id)));
  }

  /** People whose username or full name starts with `query`; they are remembered for their names. */
  search(query: string): Observable<readonly User[]> {
    return this.api.list({ q: query.trim() || undefined, limit: LIMITS.usersPageDefault }).pipe(tap((users) => this.remember(users)));
  }

  remember(users: readonly User[]): void {
    if (users.every((user) => this.known().get(user.id) === user)) return;
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
}

/** How a person is named in the app: their full name, else their username. */
export function displayName(user: User | undefined): string {
  if (!user) return 'Unknown user';
  return user.full_name?.trim() || user.username;
}
