import { Route } from '@angular/router';

export const appRoutes: Route[] = [
  { path: '', loadComponent: () => import('./shell/status-page').then((m) => m.StatusPage) },
  { path: '**', redirectTo: '' },
];
