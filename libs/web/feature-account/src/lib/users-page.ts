import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { User } from '@pneumatic/contracts';
import { AdminApi, describeError, displayName, Session } from '@pneumatic/web/data-access';
import { catchError, debounceTime, distinctUntilChanged, firstValueFrom, map, of, startWith, switchMap } from 'rxjs';

type Listing = { readonly users: readonly User[]; readonly loading: boolean; readonly error: string | null };

/** For administrators: everyone, deactivated accounts included, searchable, each with Deactivate or Reactivate. */
@Component({
  selector: 'pc-users-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <p class="muted">A deactivated user cannot log in and is signed out everywhere at once; their messages stay.</p>
      <label for="users-search">Search users</label>
      <input id="users-search" type="search" autocomplete="off" [value]="query()" (input)="query.set($any($event.target).value)" />
      @if (actionError() ?? listing().error; as message) {
        <p class="form-error" role="alert">{{ message }}</p>
      }
      <ul aria-label="Users" [attr.aria-busy]="listing().loading">
        @for (user of listing().users; track user.id) {
          @let current = changed().get(user.id) ?? user;
          <li>
            <div class="what">
              <strong>{{ name(current) }}</strong>
              @if (current.deactivated) {
                <span class="badge warn">Deactivated</span>
              }
              <p class="muted">&#64;{{ current.username }}</p>
            </div>
            @if (current.id !== session.user()?.id) {
              <button
                type="button"
                class="secondary small"
                [disabled]="busy().has(current.id)"
                [attr.aria-label]="(current.deactivated ? 'Reactivate ' : 'Deactivate ') + current.username"
                (click)="toggle(current)"
              >
                {{ current.deactivated ? 'Reactivate' : 'Deactivate' }}
              </button>
            }
          </li>
        } @empty {
          @if (!listing().loading) {
            <li class="muted">Nobody matches.</li>
          }
        }
      </ul>
    </section>
  `,
  styleUrl: './account.css',
  styles: `
    label {
      display: block;
      margin: 0.75rem 0 0.3rem;
      font-weight: 600;
      font-size: 0.9rem;
    }
    input {
      width: min(24rem, 100%);
    }
  `,
})
export class UsersPage {
  private readonly api = inject(AdminApi);
  protected readonly session = inject(Session);
  protected readonly query = signal('');
  /** Users whose state changed on this page since the list was loaded. */
  protected readonly changed = signal<ReadonlyMap<string, User>>(new Map());
  protected readonly busy = signal<ReadonlySet<string>>(new Set());
  protected readonly actionError = signal<string | null>(null);
  protected readonly name = (user: User) => displayName(user);

  protected readonly listing = toSignal(
    toObservable(this.query).pipe(
      map((query) => query.trim()),
      debounceTime(200),
      distinctUntilChanged(),
      switchMap((query) =>
        this.api.users({ q: query || undefined, limit: 100 }).pipe(
          map((users): Listing => ({ users, loading: false, error: null })),
          catchError((error: unknown) => of<Listing>({ users: [], loading: false, error: describeError(error) })),
          startWith<Listing>({ users: [], loading: true, error: null }),
        ),
      ),
    ),
    { initialValue: { users: [], loading: true, error: null } as Listing },
  );

  protected async toggle(user: User): Promise<void> {
    this.actionError.set(null);
    this.busy.update((ids) => new Set([...ids, user.id]));
    try {
      const action = user.deactivated ? this.api.reactivate(user.id) : this.api.deactivate(user.id);
      const updated = await firstValueFrom(action);
      this.changed.update((changed) => new Map(changed).set(updated.id, updated));
    } catch (error) {
      this.actionError.set(describeError(error));
    } finally {
      this.busy.update((ids) => new Set([...ids].filter((id) => id !== user.id)));
    }
  }
}
