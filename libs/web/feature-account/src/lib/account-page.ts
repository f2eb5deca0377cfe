import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { Session } from '@pneumatic/web/data-access';

/** The account pages around their common header: back to the chat, and a link to each page (users: administrators). */
@Component({
  selector: 'pc-account-page',
  imports: [RouterLink, RouterLinkActive, RouterOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <a routerLink="/chat" class="back">← Back to chat</a>
      <h1>Account</h1>
      <nav aria-label="Account pages">
        <a routerLink="profile" routerLinkActive="active" ariaCurrentWhenActive="page">Profile</a>
        <a routerLink="sessions" routerLinkActive="active" ariaCurrentWhenActive="page">Sessions</a>
        @if (session.user()?.administrator) {
          <a routerLink="users" routerLinkActive="active" ariaCurrentWhenActive="page">Users</a>
        }
      </nav>
    </header>
    <main>
      <router-outlet />
    </main>
  `,
  styles: `
    :host {
      display: block;
      max-width: 44rem;
      margin: 0 auto;
      padding: 1rem;
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1.5rem;
      padding-bottom: 0.75rem;
      border-bottom: 1px solid var(--pc-border);
    }
    h1 {
      margin: 0;
      font-size: 1.4rem;
    }
    .back {
      flex-basis: 100%;
      font-size: 0.9rem;
    }
    nav {
      display: flex;
      gap: 1rem;
    }
    nav a {
      padding: 0.25rem 0;
      text-decoration: none;
      color: var(--pc-muted);
      border-bottom: 2px solid transparent;
    }
    nav a.active {
      color: var(--pc-text);
      border-bottom-color: var(--pc-accent);
      font-weight: 600;
    }
  `,
})
export class AccountPage {
  protected readonly session = inject(Session);
}
