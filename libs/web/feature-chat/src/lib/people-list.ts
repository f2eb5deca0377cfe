import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { User } from '@pneumatic/contracts';
import { ChatStore, describeError, displayName, Presence } from '@pneumatic/web/data-access';
import { Avatar, PresenceLabel } from '@pneumatic/web/ui';
import { PeopleSearch } from './people-search';

/**
 * Everyone else, searchable, each with whether they are online or when they were last seen; choosing a person opens
 * the 1-on-1 with them (created the first time).
 */
@Component({
  selector: 'pc-people-list',
  imports: [Avatar, PresenceLabel],
  providers: [PeopleSearch],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="search">
      <label for="people-search" class="pc-visually-hidden">Search people</label>
      <input
        id="people-search"
        type="search"
        placeholder="Search people"
        autocomplete="off"
        [value]="search.query()"
        (input)="search.query.set($any($event.target).value)"
      />
    </div>
    @if (error() ?? search.error(); as message) {
      <p class="note error" role="alert">{{ message }}</p>
    }
    <ul aria-label="People" [attr.aria-busy]="search.loading()">
      @for (user of search.results(); track user.id) {
        @let seen = presence.byId().get(user.id);
        <li>
          <button type="button" [disabled]="opening() !== null" (click)="open(user)">
            <pc-avatar [name]="name(user)" [seed]="user.id" [image]="user.avatar_url" [online]="seen?.online ?? false" />
            <span class="text">
              <span class="name">{{ name(user) }}</span>
              <span class="username"
                >&#64;{{ user.username }}
                @if (seen) {
                  · <pc-presence-label [online]="seen.online" [lastSeen]="seen.last_seen" />
                }
              </span>
            </span>
            @if (opening() === user.id) {
              <span class="note">Opening…</span>
            }
          </button>
        </li>
      } @empty {
        @if (!search.loading()) {
          <li class="note">
            {{
              search.query().trim()
                ? 'Nobody matches “' + search.query().trim() + '”.'
                : 'Nobody else is here yet. People who sign up appear here.'
            }}
          </li>
        }
      }
    </ul>
  `,
  styles: `
    .search {
      padding: 0.75rem;
    }
    input {
      width: 100%;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    button {
      display: flex;
      align-items: center;
      gap: 0.7rem;
      width: 100%;
      padding: 0.55rem 0.75rem;
      border: 0;
      border-radius: 0;
      background: none;
      color: inherit;
      text-align: start;
    }
    button:hover:not(:disabled) {
      background: var(--pc-surface-2);
    }
    .text {
      display: flex;
      flex-direction: column;
      flex: 1;
      min-width: 0;
    }
    .name {
      font-weight: 600;
    }
    .username,
    .note {
      font-size: 0.85rem;
      color: var(--pc-muted);
    }
    li.note,
    p.note {
      margin: 0;
      padding: 0.5rem 0.75rem;
    }
    .error {
      color: var(--pc-danger);
    }
  `,
})
export class PeopleList {
  private readonly store = inject(ChatStore);
  private readonly router = inject(Router);
  protected readonly search = inject(PeopleSearch);
  protected readonly presence = inject(Presence);
  protected readonly opening = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly name = displayName;
  /** Whether the list is on screen: each time it is shown, it is fetched afresh. */
  readonly shown = input(false);
  /** Emits when a conversation has been opened from the list. */
  readonly opened = output<void>();

  constructor() {
    effect(() => this.shown() && this.search.shown());
  }

  protected async open(user: User): Promise<void> {
    this.opening.set(user.id);
    this.error.set(null);
    try {
      const id = await this.store.openDirect(user.id);
      this.opened.emit();
      await this.router.navigate(['/chat', id]);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.opening.set(null);
    }
  }
}
