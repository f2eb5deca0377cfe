import { HttpClient, HttpContext, HttpContextToken } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  Account,
  ChangePasswordRequest,
  LoginRequest,
  SessionInfo,
  SessionsResponse,
  SignupRequest,
  TokenResponse,
  UpdateProfileRequest,
  User,
} from '@pneumatic/contracts';
import { map, type Observable } from 'rxjs';

/** Marks a request the auth interceptor must leave alone: no bearer token, no refresh-and-retry on 401. */
export const SKIP_AUTH = new HttpContextToken<boolean>(() => false);

const anonymous = () => ({ context: new HttpContext().set(SKIP_AUTH, true), withCredentials: true });

/**
 * `/auth/*` on the wire. Login and refresh set the refresh token as an HttpOnly cookie (Path=/auth), so these
 * calls go with credentials and never put a refresh token in a body: the app never holds one.
 */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  signup(request: SignupRequest): Observable<User> {
    return this.http.post<User>('/auth/signup', request, anonymous());
  }

  login(request: LoginRequest): Observable<TokenResponse> {
    return this.http.post<TokenResponse>('/auth/login', request, anonymous());
  }

  /** A new token pair for the refresh cookie; the old refresh token is spent. */
  refresh(): Observable<TokenResponse> {
    return this.http.post<TokenResponse>('/auth/refresh', {}, anonymous());
  }

  /** Revokes the refresh cookie's token family and clears the cookie. */
  logout(): Observable<void> {
    return this.http.post<void>('/auth/logout', {}, anonymous());
  }

  me(): Observable<Account> {
    return this.http.get<Account>('/auth/me');
  }

  updateProfile(request: UpdateProfileRequest): Observable<Account> {
    return this.http.patch<Account>('/auth/me', request);
  }

  /** Every other session of the user ends; a wrong current password is a 400 on `current_password`. */
  changePassword(request: ChangePasswordRequest): Observable<void> {
    return this.http.post<void>('/auth/password', request);
  }

  /** Where the user is signed in (`current`: this device). */
  sessions(): Observable<readonly SessionInfo[]> {
    return this.http.get<SessionsResponse>('/auth/sessions').pipe(map((response) => response.sessions));
  }

  /** Signs one session out, wherever it is. */
  endSession(id: string): Observable<void> {
    return this.http.delete<void>(`/auth/sessions/${encodeURIComponent(id)}`);
  }
}
