import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { LIMITS, type Conversation, type User } from '@pneumatic/contracts';
import { describeError, displayName, GroupAdmin, Presence, Session, UsersDirectory } from '@pneumatic/web/data-access';
import { ModalDialog, PresenceLabel } from '@pneumatic/web/ui';
import { PeopleSearch } from './people-search';

/** A member as the details panel lists them. */
interface MemberRow {
  readonly id: string;
  readonly name: string;
  readonly username: string;
  readonly admin: boolean;
  readonly self: boolean;
  readonly online: boolean;
  readonly lastSeen: string | null;
}

/**
 * A group's details: its members with their roles and presence, and — for its admins — renaming, adding people (the
 * same search as everywhere), making admins and removing members. Anyone may leave. Every change shows for everyone as
 * a system line in the timeline; this panel follows the group live.
 */
@Component({
  selector: 'pc-group-details',
  imports: [ModalDialog, PresenceLabel],
  providers: [PeopleSearch],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <pc-modal-dialog heading="Group details" [open]="open()" (closed)="closed.emit()">
      @if (conversation(); as group) {
        @if (isAdmin()) {
          <form class="rename" (submit)="$event.preventDefault(); rename()">
            <label for="group-details-title">Group name</label>
            <div class="row">
              <input
                id="group-details-title"
                [maxLength]="titleMax"
                [value]="title()"
                (input)="title.set($any($event.target).value)"
                autocomplete="off"
              />
              <button type="submit" class="secondary" [disabled]="busy() || title().trim() === (group.title ?? '')">Rename</button>
            </div>
          </form>
        } @else {
          <p class="name">{{ group.title || 'No group name' }}</p>
        }

        <h3>{{ members().length }} members</h3>
        <ul class="members" aria-label="Members">
          @for (member of members(); track member.id) {
            <li [attr.data-user]="member.username">
              <span class="who">
                <strong>{{ member.name }}{{ member.self ? ' (you)' : '' }}</strong>
                <span class="muted">&#64;{{ member.username }}</span>
                @if (member.admin) {
                  <span class="badge">Admin</span>
                }
                <pc-presence-label [online]="member.online" [lastSeen]="member.lastSeen" />
              </span>
              @if (isAdmin() && !member.self) {
                <span class="actions">
                  <button
                    type="button"
                    class="link"
                    [disabled]="busy()"
                    [attr.aria-label]="member.admin ? 'Remove ' + member.name + ' as admin' : 'Make ' + member.name + ' an admin'"
                    (click)="setRole(member, member.admin ? 'member' : 'admin')"
                  >
                    {{ member.admin ? 'Remove admin' : 'Make admin' }}
                  </button>
                  <button
                    type="button"
                    class="link remove"
                    [disabled]="busy()"
                    [attr.aria-label]="'Remove ' + member.name + ' from the group'"
                    (click)="remove(member)"
                  >
                    Remove
                  </button>
                </span>
              }
            </li>
          }
        </ul>

        @if (isAdmin()) {
          <label for="group-details-search">Add people</label>
          <input
            id="group-details-search"
            type="search"
            placeholder="Search people"
            autocomplete="off"
            [value]="search.query()"
            (input)="search.query.set($any($event.target).value)"
          />
          <ul class="results" aria-label="People to add">
            @for (user of candidates(); track user.id) {
              <li>
                {{ name(user) }} <span class="muted">&#64;{{ user.username }}</span>
                <button type="button" class="link" [disabled]="busy()" [attr.aria-label]="'Add ' + name(user)" (click)="add(user)">
                  Add
                </button>
              </li>
            } @empty {
              @if (!search.loading()) {
                <li class="muted">Nobody else to add{{ search.query().trim() ? ' matches “' + search.query().trim() + '”' : '' }}.</li>
              }
            }
          </ul>
        }

        @if (error(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        }
        <div class="buttons">
          <button type="button" class="danger" [disabled]="busy()" (click)="leave()">Leave group</button>
          <button type="button" class="primary" (click)="closed.emit()">Done</button>
        </div>
      }
    </pc-modal-dialog>
  `,
  styleUrl: './group-details.css',
})
export class GroupDetails {
  private readonly admin = inject(GroupAdmin);
  private readonly session = inject(Session);
  private readonly directory = inject(UsersDirectory);
  private readonly presence = inject(Presence);
  private readonly router = inject(Router);
  protected readonly search = inject(PeopleSearch);
  /** The group shown (it follows live changes). */
  readonly conversation = input<Conversation | undefined>(undefined);
  readonly open = input(false);
  readonly closed = output<void>();

  protected readonly titleMax = LIMITS.titleMax;
  protected readonly name = displayName;
  protected readonly title = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  private readonly selfId = computed(() => this.session.user()?.id ?? '');
  protected readonly isAdmin = computed(() => this.conversation()?.admins.includes(this.selfId()) ?? false);
  protected readonly members = computed((): MemberRow[] => {
    const group = this.conversation();
    if (!group) return [];
    const users = this.directory.byId();
    const self = this.session.user();
    return group.members.map((id) => {
      const state = this.presence.byId().get(id);
      // The directory knows the others; the signed-in user is the session's.
      const user = id === self?.id ? self : users.get(id);
      return {
        id,
        name: displayName(user),
        username: user?.username ?? '…',
        admin: group.admins.includes(id),
        self: id === this.selfId(),
        online: id === this.selfId() || (state?.online ?? false),
        lastSeen: state?.last_seen ?? null,
      };
    });
  });
  /** The search's results, without those already in the group. */
  protected readonly candidates = computed(() => {
    const members = new Set(this.conversation()?.members ?? []);
    return this.search.results().filter((user) => !members.has(user.id));
  });

  constructor() {
    // Each time it opens: the search afresh, the title as it is now (a live change meanwhile does not overwrite typing).
    effect(() => {
      if (!this.open()) return;
      untracked(() => {
        this.search.shown();
        this.title.set(this.conversation()?.title ?? '');
        this.error.set(null);
      });
    });
  }

  protected rename(): Promise<boolean> {
    return this.run((id) => this.admin.rename(id, this.title().trim() || null));
  }

  protected add(user: User): Promise<boolean> {
    return this.run((id) => this.admin.addMembers(id, [user.id]));
  }

  protected remove(member: MemberRow): Promise<boolean> {
    return this.run((id) => this.admin.remove(id, member.id));
  }

  protected setRole(member: MemberRow, role: 'admin' | 'member'): Promise<boolean> {
    return this.run((id) => this.admin.setRole(id, member.id, role));
  }

  protected async leave(): Promise<void> {
    const left = await this.run((id) => this.admin.leave(id));
    if (left) {
      this.closed.emit();
      await this.router.navigate(['/chat']);
    }
  }

  /** Runs one change of the group; its refusal (a problem from the server) is shown. Resolves true when it went through. */
  private async run(change: (conversationId: string) => Promise<void>): Promise<boolean> {
    const id = this.conversation()?.id;
    if (!id || this.busy()) return false;
    this.busy.set(true);
    this.error.set(null);
    try {
      await change(id);
      return true;
    } catch (error) {
      this.error.set(describeError(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
