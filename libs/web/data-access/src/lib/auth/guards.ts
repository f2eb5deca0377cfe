import { inject } from '@angular/core';
import { CanMatchFn, Router } from '@angular/router';
import { Session } from './session';

/** Lets a signed-in user through (after the session has been resumed from the cookie), else sends them to log in. */
export const requireSession: CanMatchFn = async () => {
  const session = inject(Session);
  const router = inject(Router);
  await session.restore();
  return session.status() === 'authenticated' ? true : router.parseUrl('/login');
};

/** The login page is for people who are not signed in: a still-valid session goes straight to the chat. */
export const requireGuest: CanMatchFn = async () => {
  const session = inject(Session);
  const router = inject(Router);
  await session.restore();
  return session.status() === 'authenticated' ? router.parseUrl('/chat') : true;
};

/** The administrators' pages: anyone else is sent to their own profile. */
export const requireAdministrator: CanMatchFn = async () => {
  const session = inject(Session);
  const router = inject(Router);
  await session.restore();
  return session.user()?.administrator ? true : router.parseUrl('/account/profile');
};
