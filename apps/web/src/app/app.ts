import { ChangeDetectionStrategy, Component, effect, inject, untracked } from '@angular/core';
import { Router, RouterOutlet } from '@angular/router';
import { Session } from '@pneumatic/web/data-access/session';

/**
 * The root: the routed page, and the one rule that follows the session wherever it changes (logout, a refresh
 * refused, the session ended from another device, a login or logout in another tab): signed out means the login
 * page, signed in means the chat.
 */
@Component({
  selector: 'pc-root',
  imports: [RouterOutlet],
  template: '<router-outlet />',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  constructor() {
    const session = inject(Session);
    const router = inject(Router);
    effect(() => {
      const status = session.status();
      untracked(() => {
        const onLogin = router.url.startsWith('/login');
        // Every page but the login page is for a signed-in user (the chat, the account pages).
        const onPrivatePage = !onLogin && router.navigated;
        if (status === 'anonymous' && onPrivatePage) void router.navigateByUrl('/login');
        if (status === 'authenticated' && onLogin) void router.navigateByUrl('/chat');
      });
    });
  }
}
