import { HttpErrorResponse, HttpHandlerFn, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { SKIP_AUTH } from '../api/auth-api';
import { Session } from './session';

/** Relative URLs are our API; absolute and protocol-relative ones never get the token. */
const isOwnApi = (url: string) => url.startsWith('/') && !url.startsWith('//');

const withBearer = (request: HttpRequest<unknown>, token: string | null) =>
  token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;

/**
 * Puts the access token on every request to our own API (same origin, relative URL), renewing it first when it
 * is about to expire; on a 401 it refreshes once and replays the request. When the refresh is refused the
 * session ends and the 401 goes through to the caller.
 */
export const authInterceptor: HttpInterceptorFn = (request: HttpRequest<unknown>, next: HttpHandlerFn) => {
  if (request.context.get(SKIP_AUTH) || !isOwnApi(request.url)) return next(request);
  const session = inject(Session);
  return from(session.validToken()).pipe(
    switchMap((token) =>
      next(withBearer(request, token)).pipe(
        catchError((error: unknown) => {
          if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !token) return throwError(() => error);
          return from(session.refresh()).pipe(switchMap((fresh) => (fresh ? next(withBearer(request, fresh)) : throwError(() => error))));
        }),
      ),
    ),
  );
};
