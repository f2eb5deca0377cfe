import type { Route } from '@angular/router';
import { requireGuest, requireSession } from '@pneumatic/web/data-access/session';

/**
 * The app's own paths: `/login`, `/chat`, `/chat/:conversationId`, `/account/…`. None starts with a path the API owns
 * (`/auth`, `/users`, `/admin`, `/conversations`, `/messages`, `/search`, `/ws`, `/socket.io`, `/docs`, `/health`, `/ready`, `/metrics`),
 * so a reload of any page is served the app and never an API answer.
 */
export const appRoutes: Route[] = [
  {
    path: 'login',
    title: 'Log in · Pneumatic Chat',
    canMatch: [requireGuest],
    loadComponent: () => import('@pneumatic/web/feature-auth').then((m) => m.AuthPage),
  },
  {
    path: 'chat',
    canMatch: [requireSession],
    loadChildren: () => import('@pneumatic/web/feature-chat').then((m) => m.chatRoutes),
  },
  {
    path: 'account',
    canMatch: [requireSession],
    loadChildren: () => import('@pneumatic/web/feature-account').then((m) => m.accountRoutes),
  },
  { path: '', pathMatch: 'full', redirectTo: 'chat' },
  { path: '**', redirectTo: 'chat' },
];
