import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Session } from '@pneumatic/web/data-access/session';
import { TabBar, type TabItem } from '@pneumatic/web/ui';
import { LoginForm } from './login-form';
import { SignupForm } from './signup-form';

const TABS: readonly TabItem[] = [
  { id: 'login', label: 'Log in' },
  { id: 'signup', label: 'Sign up' },
];

/** Log in or sign up, as two tabs; either way the user lands in the chat. */
@Component({
  selector: 'pc-auth-page',
  imports: [LoginForm, SignupForm, TabBar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="card">
      <h1>Pneumatic Chat</h1>
      @if (session.signedOutReason(); as reason) {
        <p class="signed-out" role="status">{{ reason }}</p>
      }
      <pc-tab-bar prefix="account" aria-label="Account" [tabs]="tabs" [(selected)]="selected" />
      <section role="tabpanel" id="account-panel-login" aria-labelledby="account-tab-login" [hidden]="selected() !== 'login'">
        <pc-login-form (done)="enter()" />
      </section>
      <section role="tabpanel" id="account-panel-signup" aria-labelledby="account-tab-signup" [hidden]="selected() !== 'signup'">
        <pc-signup-form (done)="enter()" />
      </section>
    </main>
  `,
  styles: `
    :host {
      display: grid;
      place-items: center;
      min-height: 100dvh;
      padding: 1rem;
    }
    .card {
      width: min(24rem, 100%);
      padding: 1.5rem;
      border: 1px solid var(--pc-border);
      border-radius: var(--pc-radius);
      background: var(--pc-bg);
    }
    h1 {
      margin: 0 0 1.25rem;
      font-size: 1.5rem;
      text-align: center;
    }
    pc-tab-bar {
      margin-bottom: 1.25rem;
    }
    .signed-out {
      margin: 0 0 1.25rem;
      padding: 0.6rem 0.75rem;
      border-radius: 8px;
      background: var(--pc-warn-surface);
      color: var(--pc-warn-text);
      font-size: 0.9rem;
    }
  `,
})
export class AuthPage {
  private readonly router = inject(Router);
  /** Says why, when the previous session of this device was ended elsewhere. */
  protected readonly session = inject(Session);
  protected readonly tabs = TABS;
  protected readonly selected = signal('login');

  protected enter(): void {
    void this.router.navigateByUrl('/chat');
  }
}
