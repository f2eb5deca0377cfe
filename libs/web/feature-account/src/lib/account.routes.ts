import type { Routes } from '@angular/router';
import { requireAdministrator } from '@pneumatic/web/data-access';
import { AccountPage } from './account-page';
import { ProfilePage } from './profile-page';
import { SessionsPage } from './sessions-page';
import { UsersPage } from './users-page';

/** `/account/profile`, `/account/sessions` and, for administrators, `/account/users`. */
export const accountRoutes: Routes = [
  {
    path: '',
    component: AccountPage,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'profile' },
      { path: 'profile', title: 'Profile · Pneumatic Chat', component: ProfilePage },
      { path: 'sessions', title: 'Sessions · Pneumatic Chat', component: SessionsPage },
      { path: 'users', title: 'Users · Pneumatic Chat', canMatch: [requireAdministrator], component: UsersPage },
    ],
  },
];
