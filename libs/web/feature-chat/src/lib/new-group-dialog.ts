import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal } from '@angular/core';
import { Router } from '@angular/router';
import { LIMITS, type User } from '@pneumatic/contracts';
import { ChatStore, describeError, displayName } from '@pneumatic/web/data-access';
import { ModalDialog } from '@pneumatic/web/ui';
import { PeopleSearch } from './people-search';

/** Pick people and a title; creates the group and opens it. */
@Component({
  selector: 'pc-new-group-dialog',
  imports: [ModalDialog],
  providers: [PeopleSearch],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <pc-modal-dialog heading="New group" [open]="open()" (closed)="close()">
      <form (submit)="$event.preventDefault(); create()">
        <label for="group-title">Title (optional)</label>
        <input
          id="group-title"
          [maxLength]="titleMax"
          [value]="title()"
          (input)="title.set($any($event.target).value)"
          autocomplete="off"
        />

        <label for="group-search">Add people</label>
        <input
          id="group-search"
          type="search"
          placeholder="Search people"
          autocomplete="off"
          [value]="search.query()"
          (input)="search.query.set($any($event.target).value)"
        />
        <ul class="results" aria-label="People to add">
          @for (user of search.results(); track user.id) {
            <li>
              <label>
                <input type="checkbox" [checked]="isSelected(user)" (change)="toggle(user)" />
                {{ name(user) }} <span class="muted">&#64;{{ user.username }}</span>
              </label>
            </li>
          } @empty {
            @if (!search.loading()) {
              <li class="muted">
                {{
                  search.query().trim()
                    ? 'Nobody matches “' + search.query().trim() + '”.'
                    : 'Nobody else is here yet. People who sign up appear here.'
                }}
              </li>
            }
          }
        </ul>

        <p class="selected" aria-live="polite">
          @if (selected().length === 0) {
            Nobody selected yet.
          } @else {
            {{ selected().length }} selected: {{ selectedNames() }}
          }
        </p>
        @if (error(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        }
        <div class="buttons">
          <button type="button" class="secondary" (click)="close()">Cancel</button>
          <button type="submit" class="primary" [disabled]="selected().length === 0 || busy()">
            {{ busy() ? 'Creating…' : 'Create group' }}
          </button>
        </div>
      </form>
    </pc-modal-dialog>
  `,
  styles: `
    form {
      display: flex;
      flex-direction: column;
      gap: 0.4rem;
    }
    label {
      font-weight: 600;
      font-size: 0.9rem;
    }
    input:not([type='checkbox']) {
      margin-bottom: 0.5rem;
    }
    .results {
      max-height: 14rem;
      margin: 0;
      padding: 0.25rem;
      overflow-y: auto;
      border: 1px solid var(--pc-border);
      border-radius: 8px;
      list-style: none;
    }
    .results label {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      padding: 0.35rem 0.25rem;
      font-weight: 400;
    }
    .muted,
    .selected {
      color: var(--pc-muted);
      font-size: 0.85rem;
    }
    .error {
      color: var(--pc-danger);
    }
    .buttons {
      display: flex;
      justify-content: flex-end;
      gap: 0.5rem;
      margin-top: 0.5rem;
    }
  `,
})
export class NewGroupDialog {
  private readonly store = inject(ChatStore);
  private readonly router = inject(Router);
  protected readonly search = inject(PeopleSearch);
  readonly open = input(false);
  readonly closed = output<void>();

  protected readonly titleMax = LIMITS.titleMax;
  protected readonly name = displayName;
  protected readonly title = signal('');
  protected readonly selected = signal<readonly User[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly selectedNames = computed(() => this.selected().map(displayName).join(', '));

  constructor() {
    // Whoever signed up since the dialog was last open can be added.
    effect(() => this.open() && this.search.shown());
  }

  protected isSelected(user: User): boolean {
    return this.selected().some((chosen) => chosen.id === user.id);
  }

  protected toggle(user: User): void {
    if (this.isSelected(user)) {
      this.selected.update((chosen) => chosen.filter((other) => other.id !== user.id));
    } else if (this.selected().length < LIMITS.groupMembersMax - 1) {
      this.selected.update((chosen) => [...chosen, user]);
    } else {
      this.error.set(`A group has at most ${LIMITS.groupMembersMax} members, you included.`);
    }
  }

  protected async create(): Promise<void> {
    if (this.selected().length === 0 || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const id = await this.store.createGroup(
        this.title().trim() || null,
        this.selected().map((user) => user.id),
      );
      this.close();
      await this.router.navigate(['/chat', id]);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected close(): void {
    this.title.set('');
    this.selected.set([]);
    this.search.query.set('');
    this.error.set(null);
    this.closed.emit();
  }
}
