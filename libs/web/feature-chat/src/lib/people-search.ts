import { computed, inject, Injectable, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { LIMITS, normalizeUsername, type User } from '@pneumatic/contracts';
import { describeError, UsersDirectory } from '@pneumatic/web/data-access';
import { catchError, combineLatest, debounceTime, distinctUntilChanged, filter, map, merge, of, scan, startWith, switchMap } from 'rxjs';

interface SearchState {
  /** The query the results answer (trimmed). */
  readonly query: string;
  readonly users: readonly User[];
  readonly loading: boolean;
  readonly error: string | null;
}

type Change = (state: SearchState) => SearchState;

const INITIAL: SearchState = { query: '', users: [], loading: true, error: null };

/** Whether the server's search (`GET /users?q=`: the start of the username or of the full name) would find this person. */
export function matchesQuery(user: User, query: string): boolean {
  const prefix = normalizeUsername(query.trim());
  return !prefix || user.username.startsWith(prefix) || (user.full_name ?? '').toLowerCase().startsWith(prefix);
}

/**
 * The results once someone has signed up: in their place by username when the query finds them and they fall within
 * the page shown (the server's first `limit` by username); the same array when nothing changes.
 */
export function withNewcomer(
  users: readonly User[],
  newcomer: User,
  query: string,
  limit: number = LIMITS.usersPageDefault,
): readonly User[] {
  if (!matchesQuery(newcomer, query) || users.some((user) => user.id === newcomer.id)) return users;
  const at = users.findIndex((user) => user.username > newcomer.username);
  if (at === -1 && users.length >= limit) return users;
  const next = [...users];
  next.splice(at === -1 ? next.length : at, 0, newcomer);
  return next.slice(0, limit);
}

/**
 * Searching people as the user types: debounced, the latest query wins, and the previous results stay on screen
 * while the next ones load. Nothing is fetched until the list is first shown, and it is fetched afresh each time it
 * is shown again; while shown, people who sign up join it live. Provide one per search box.
 */
@Injectable()
export class PeopleSearch {
  private readonly directory = inject(UsersDirectory);
  readonly query = signal('');
  /** Counts the times the list was shown. */
  private readonly shownCount = signal(0);

  private readonly state = toSignal(
    merge(
      combineLatest([
        toObservable(this.query).pipe(
          map((query) => query.trim()),
          debounceTime(200),
          distinctUntilChanged(),
        ),
        toObservable(this.shownCount),
      ]).pipe(
        filter(([, shown]) => shown > 0),
        switchMap(([query]) =>
          this.directory.search(query).pipe(
            map(
              (users): Change =>
                (state) => ({ ...state, query, users, loading: false, error: null }),
            ),
            catchError((error: unknown) =>
              of<Change>((state) => ({ ...state, query, users: [], loading: false, error: describeError(error) })),
            ),
            startWith<Change>((state) => ({ ...state, loading: true })),
          ),
        ),
      ),
      this.directory.newcomers$.pipe(
        map(
          (user): Change =>
            (state) => ({ ...state, users: withNewcomer(state.users, user, state.query) }),
        ),
      ),
    ).pipe(scan((state: SearchState, change: Change) => change(state), INITIAL)),
    { initialValue: INITIAL },
  );

  readonly results = computed(() => this.state().users);
  readonly loading = computed(() => this.state().loading);
  readonly error = computed(() => this.state().error);

  /** The list is on screen (a tab chosen, a dialog opened): fetch it afresh, so nobody who signed up meanwhile is missing. */
  shown(): void {
    this.shownCount.update((count) => count + 1);
  }
}
