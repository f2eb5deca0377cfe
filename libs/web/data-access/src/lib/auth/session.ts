import { DOCUMENT } from '@angular/common';
import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import {
  SESSION_HINT_COOKIE,
  type Account,
  type LoginRequest,
  type SessionEndReason,
  type SignupRequest,
  type TokenResponse,
  type User,
} from '@pneumatic/contracts';
import { firstValueFrom } from 'rxjs';
import { AuthApi } from '../api/auth-api';
import { isTransientError, problemOf } from '../http/problem';
import { SIGNED_OUT_MESSAGES } from './signed-out';

export type SessionStatus = 'restoring' | 'authenticated' | 'anonymous';

/** How long before expiry the access token is renewed: a quarter of its life, at most a minute. */
export function refreshLeadMs(expiresInSeconds: number): number {
  return Math.min(60_000, expiresInSeconds * 250);
}

/** A token this close to expiry is renewed before it is used. */
const EXPIRY_MARGIN_MS = 5_000;
const RETRY_AFTER_FAILURE_MS = 10_000;
type TabMessage = 'login' | 'logout';

/**
 * The signed-in user and their access token. The access token lives in memory only; the refresh token is an
 * HttpOnly cookie the app never sees, so a reload resumes the session with `/auth/refresh` and nothing a script
 * could steal is ever stored. Tokens are renewed before they expire and on demand (a 401, a socket refused),
 * one refresh at a time. Other tabs hear about logins and logouts, never about tokens.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly api = inject(AuthApi);
  private readonly document = inject(DOCUMENT);
  private readonly userState = signal<Account | null>(null);
  private readonly statusState = signal<SessionStatus>('restoring');
  private readonly signedOutState = signal<string | null>(null);
  private accessToken: string | null = null;
  private expiresAt = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private inFlightRefresh: Promise<string | null> | null = null;
  private restoring: Promise<void> | null = null;
  private readonly tabs = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('pneumatic-session');

  readonly user = this.userState.asReadonly();
  readonly status = this.statusState.asReadonly();
  /** Why this device was signed out from elsewhere (for the login page), until the next login. */
  readonly signedOutReason = this.signedOutState.asReadonly();

  constructor() {
    if (this.tabs) this.tabs.onmessage = (event: MessageEvent<TabMessage>) => this.onOtherTab(event.data);
    inject(DestroyRef).onDestroy(() => {
      clearTimeout(this.refreshTimer);
      this.tabs?.close();
    });
  }

  /** The access token as held now (it may be about to expire: see {@link validToken}). */
  token(): string | null {
    return this.accessToken;
  }

  /** Resolves once the start-up attempt to resume a session from the refresh cookie has finished. */
  restore(): Promise<void> {
    this.restoring ??= this.resume();
    return this.restoring;
  }

  async login(request: LoginRequest): Promise<void> {
    this.adopt(await firstValueFrom(this.api.login(request)));
    this.signedOutState.set(null);
    await this.loadUser();
    this.tabs?.postMessage('login' satisfies TabMessage);
  }

  /** Creates the account, then logs in with it. */
  async signup(request: SignupRequest): Promise<void> {
    await firstValueFrom(this.api.signup(request));
    await this.login({ username: request.username, password: request.password });
  }

  /** Revokes the refresh token on the server, then forgets the session here and in the other tabs. */
  async logout(): Promise<void> {
    // Whatever the server answers, a person who asks to log out is logged out on this device.
    await firstValueFrom(this.api.logout()).catch(() => undefined);
    this.end();
    this.tabs?.postMessage('logout' satisfies TabMessage);
  }

  /** The server ended this device's session (signed out elsewhere, password changed, deactivated): forget it here. */
  endedElsewhere(reason: SessionEndReason): void {
    if (!this.accessToken) return;
    this.end(reason);
  }

  /** The user's profile as the server now has it (an edit here, or `user:updated` from another device). */
  adoptProfile(user: User): void {
    const current = this.userState();
    if (current && current.id === user.id) this.userState.set({ ...current, ...user, administrator: current.administrator });
  }

  /** A token good for the next request: the current one, or a fresh one when it is about to expire. */
  async validToken(): Promise<string | null> {
    if (!this.accessToken) return null;
    if (Date.now() < this.expiresAt - EXPIRY_MARGIN_MS) return this.accessToken;
    return this.refresh();
  }

  /**
   * Trades the refresh cookie for a new token pair (one request at a time, however many callers ask).
   * Resolves to null when the server refuses, which ends the session; rejects when the server could not be
   * reached, which does not.
   */
  refresh(): Promise<string | null> {
    this.inFlightRefresh ??= this.renew().finally(() => (this.inFlightRefresh = null));
    return this.inFlightRefresh;
  }

  private async renew(): Promise<string | null> {
    try {
      const tokens = await firstValueFrom(this.api.refresh());
      this.adopt(tokens);
      if (!this.userState()) await this.loadUser();
      return tokens.access_token;
    } catch (error) {
      if (!isTransientError(error)) {
        this.end(problemOf(error)?.session_ended);
        return null;
      }
      if (this.accessToken) this.scheduleRefresh(RETRY_AFTER_FAILURE_MS);
      throw error;
    }
  }

  private async resume(): Promise<void> {
    // No refresh cookie was set (the API sets this readable hint beside it): asking would only earn a 401.
    if (!this.hasSessionHint()) return this.end();
    try {
      await this.refresh();
    } catch {
      // The server could not be reached: nobody can be signed in until it answers.
      this.end();
    }
  }

  private hasSessionHint(): boolean {
    return this.document.cookie.split(';').some((cookie) => cookie.trim().startsWith(`${SESSION_HINT_COOKIE.name}=`));
  }

  private async loadUser(): Promise<void> {
    const user = await firstValueFrom(this.api.me());
    this.userState.set(user);
    this.statusState.set('authenticated');
  }

  private adopt(tokens: TokenResponse): void {
    this.accessToken = tokens.access_token;
    this.expiresAt = Date.now() + tokens.expires_in * 1000;
    this.scheduleRefresh(tokens.expires_in * 1000 - refreshLeadMs(tokens.expires_in));
  }

  private scheduleRefresh(delayMs: number): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh().catch(() => undefined), Math.max(0, delayMs));
  }

  private end(reason?: SessionEndReason): void {
    if (reason) this.signedOutState.set(SIGNED_OUT_MESSAGES[reason]);
    clearTimeout(this.refreshTimer);
    this.accessToken = null;
    this.expiresAt = 0;
    this.userState.set(null);
    this.statusState.set('anonymous');
  }

  private onOtherTab(message: TabMessage): void {
    if (message === 'logout' && this.accessToken) this.end();
    if (message === 'login' && !this.accessToken) {
      this.restoring = null;
      void this.restore();
    }
  }
}
