import { computed, inject, Injectable, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { User } from '@pneumatic/contracts';
import { describeError, UsersDirectory } from '@pneumatic/web/data-access';
import { catchError, debounceTime, distinctUntilChanged, map, of, scan, startWith, switchMap } from 'rxjs';

interface SearchState {
  readonly users: readonly User[];
  readonly loading: boolean;
  readonly error: string | null;
}

const INITIAL: SearchState = { users: [], loading: true, error: null };

/**
 * Searching people as the user types: debounced, the latest query wins, and the previous results stay on screen
 * while the next ones load. Provide one per search box.
 */
@Injectable()
export class PeopleSearch {
  private readonly directory = inject(UsersDirectory);
  readonly query = signal('');

  private readonly state = toSignal(
    toObservable(this.query).pipe(
      map((query) => query.trim()),
      debounceTime(200),
      distinctUntilChanged(),
      switchMap((query) =>
        this.directory.search(query).pipe(
          map((users): Partial<SearchState> => ({ users, loading: false, error: null })),
          catchError((error: unknown) => of<Partial<SearchState>>({ users: [], loading: false, error: describeError(error) })),
          startWith<Partial<SearchState>>({ loading: true }),
        ),
      ),
      scan((state: SearchState, change: Partial<SearchState>) => ({ ...state, ...change }), INITIAL),
    ),
    { initialValue: INITIAL },
  );

  readonly results = computed(() => this.state().users);
  readonly loading = computed(() => this.state().loading);
  readonly error = computed(() => this.state().error);
}
