import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import type { SessionInfo } from '@pneumatic/contracts';
import { AuthApi, describeError } from '@pneumatic/web/data-access';
import { FullTimePipe, ListTimePipe } from '@pneumatic/web/ui';
import { firstValueFrom } from 'rxjs';
import { deviceName } from './device-name';

/** Where the user is signed in: this device first, each other one with a button that signs it out at once. */
@Component({
  selector: 'pc-sessions-page',
  imports: [FullTimePipe, ListTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you are signed in</h2>
      @if (error(); as message) {
        <p class="form-error" role="alert">{{ message }}</p>
      }
      @if (loading()) {
        <p class="muted">Loading…</p>
      } @else {
        <ul aria-label="Sessions">
          @for (session of sessions(); track session.id) {
            <li [attr.data-session]="session.id">
              <div class="what">
                <strong>{{ name(session) }}</strong>
                @if (session.current) {
                  <span class="badge">This device</span>
                }
                <p class="muted">
                  Signed in
                  <time [attr.datetime]="session.created_at" [title]="session.created_at | pcFullTime">{{
                    session.created_at | pcListTime
                  }}</time>
                  · last active
                  <time [attr.datetime]="session.last_used_at" [title]="session.last_used_at | pcFullTime">{{
                    session.last_used_at | pcListTime
                  }}</time>
                </p>
              </div>
              @if (!session.current) {
                <button
                  type="button"
                  class="secondary small"
                  [disabled]="ending().has(session.id)"
                  (click)="signOut(session)"
                  [attr.aria-label]="'Sign out ' + name(session)"
                >
                  Sign out
                </button>
              }
            </li>
          }
        </ul>
        @if (sessions().length === 1) {
          <p class="muted">You are not signed in anywhere else.</p>
        }
      }
    </section>
  `,
  styleUrl: './account.css',
})
export class SessionsPage implements OnInit {
  private readonly api = inject(AuthApi);
  protected readonly sessions = signal<readonly SessionInfo[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly ending = signal<ReadonlySet<string>>(new Set());
  protected readonly name = (session: SessionInfo) => deviceName(session.user_agent);

  ngOnInit(): void {
    void this.load();
  }

  protected async signOut(session: SessionInfo): Promise<void> {
    this.ending.update((ids) => new Set([...ids, session.id]));
    this.error.set(null);
    try {
      await firstValueFrom(this.api.endSession(session.id));
      this.sessions.update((sessions) => sessions.filter((other) => other.id !== session.id));
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.ending.update((ids) => new Set([...ids].filter((id) => id !== session.id)));
    }
  }

  private async load(): Promise<void> {
    try {
      const sessions = await firstValueFrom(this.api.sessions());
      // This device first; the server orders the rest by when they were last used.
      this.sessions.set([...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)]);
    } catch (error) {
      this.error.set(describeError(error));
    } finally {
      this.loading.set(false);
    }
  }
}
