import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Account, TokenResponse } from '@pneumatic/contracts';
import { settle } from '../../testing/fake-socket';
import { setSessionHint } from '../../testing/signed-in';
import { authInterceptor } from './auth.interceptor';
import { refreshLeadMs, Session } from './session';

const alice: Account = { id: 'u-alice', username: 'alice', full_name: 'Alice', deactivated: false, avatar_url: null, administrator: false };
const tokens = (access: string, expiresIn = 1800): TokenResponse => ({
  access_token: access,
  refresh_token: `refresh-of-${access}`,
  token_type: 'bearer',
  expires_in: expiresIn,
});
const problem = (status: number, detail: string) => ({ type: 'about:blank', title: 'x', status, detail, code: 'UNAUTHORIZED' });

describe('Session', () => {
  let session: Session;
  let http: HttpTestingController;

  beforeEach(() => {
    setSessionHint();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    session = TestBed.inject(Session);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  /** Answers the pending POST /auth/refresh (cookie only: no body token, no bearer). */
  function expectRefresh(): TestRequest {
    const request = http.expectOne({ method: 'POST', url: '/auth/refresh' });
    expect(request.request.withCredentials).toBe(true);
    expect(request.request.body).toEqual({});
    expect(request.request.headers.has('Authorization')).toBe(false);
    return request;
  }

  async function answerMe(expectedToken: string): Promise<void> {
    await settle();
    const me = http.expectOne('/auth/me');
    expect(me.request.headers.get('Authorization')).toBe(`Bearer ${expectedToken}`);
    me.flush(alice);
    await settle();
  }

  it('resumes a session from the refresh cookie at start-up, holding the access token in memory only', async () => {
    const restored = session.restore();
    expect(session.status()).toBe('restoring');
    expectRefresh().flush(tokens('access-1'));
    await answerMe('access-1');
    await restored;

    expect(session.status()).toBe('authenticated');
    expect(session.user()).toEqual(alice);
    expect(session.token()).toBe('access-1');
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });

  it('is anonymous when the refresh cookie is refused, and asks only once however often restore is awaited', async () => {
    const first = session.restore();
    const second = session.restore();
    expectRefresh().flush(problem(401, 'Invalid refresh token'), { status: 401, statusText: 'Unauthorized' });
    await Promise.all([first, second]);
    expect(session.status()).toBe('anonymous');
    expect(session.token()).toBeNull();
  });

  it('is anonymous at once, asking nothing, when no refresh cookie was set (no session hint): no 401 to log', async () => {
    setSessionHint(false);
    await session.restore();
    expect(session.status()).toBe('anonymous');
    http.expectNone('/auth/refresh');
  });

  it('is anonymous when the server cannot be reached at start-up', async () => {
    const restored = session.restore();
    expectRefresh().error(new ProgressEvent('error'), { status: 0 });
    await restored;
    expect(session.status()).toBe('anonymous');
  });

  it('logs in: tokens from /auth/login, then the user from /auth/me with the new bearer token', async () => {
    const done = session.login({ username: 'alice', password: 'correct horse' });
    const login = http.expectOne({ method: 'POST', url: '/auth/login' });
    expect(login.request.withCredentials).toBe(true);
    expect(login.request.body).toEqual({ username: 'alice', password: 'correct horse' });
    login.flush(tokens('access-1'));
    await answerMe('access-1');
    await done;
    expect(session.status()).toBe('authenticated');
  });

  it('signs up, then logs in with the same credentials', async () => {
    const done = session.signup({ username: 'alice', password: 'correct horse', full_name: 'Alice' });
    http.expectOne({ method: 'POST', url: '/auth/signup' }).flush(alice, { status: 201, statusText: 'Created' });
    await settle();
    http.expectOne('/auth/login').flush(tokens('access-1'));
    await answerMe('access-1');
    await done;
    expect(session.user()).toEqual(alice);
  });

  it('renews the access token before it expires, on a timer', async () => {
    jest.useFakeTimers();
    const restored = session.restore();
    expectRefresh().flush(tokens('access-1', 100));
    await answerMe('access-1');
    await restored;

    await jest.advanceTimersByTimeAsync(100_000 - refreshLeadMs(100) - 1);
    http.expectNone('/auth/refresh');
    await jest.advanceTimersByTimeAsync(1);
    expectRefresh().flush(tokens('access-2', 100));
    await settle();
    expect(session.token()).toBe('access-2');
    expect(session.status()).toBe('authenticated');
  });

  it('runs one refresh for many callers at once', async () => {
    await signedIn('access-1');
    const all = Promise.all([session.refresh(), session.refresh(), session.refresh()]);
    expectRefresh().flush(tokens('access-2'));
    await expect(all).resolves.toEqual(['access-2', 'access-2', 'access-2']);
  });

  it('ends the session when a refresh is refused', async () => {
    await signedIn('access-1');
    const refreshed = session.refresh();
    expectRefresh().flush(problem(401, 'Refresh token reused'), { status: 401, statusText: 'Unauthorized' });
    await expect(refreshed).resolves.toBeNull();
    expect(session.status()).toBe('anonymous');
    expect(session.user()).toBeNull();
    expect(session.token()).toBeNull();
  });

  it('keeps the session when the server cannot be reached, and tries again later', async () => {
    jest.useFakeTimers();
    await signedIn('access-1');
    const refreshed = session.refresh();
    expectRefresh().error(new ProgressEvent('error'), { status: 0 });
    await expect(refreshed).rejects.toBeDefined();
    expect(session.status()).toBe('authenticated');
    expect(session.token()).toBe('access-1');

    await jest.advanceTimersByTimeAsync(10_000);
    expectRefresh().flush(tokens('access-2'));
    await settle();
    expect(session.token()).toBe('access-2');
  });

  it('logs out: revokes the refresh cookie on the server and forgets the session', async () => {
    await signedIn('access-1');
    const done = session.logout();
    const logout = http.expectOne({ method: 'POST', url: '/auth/logout' });
    expect(logout.request.withCredentials).toBe(true);
    logout.flush(null, { status: 204, statusText: 'No Content' });
    await done;
    expect(session.status()).toBe('anonymous');
    expect(session.token()).toBeNull();
  });

  it('forgets the session on logout even when the server cannot be reached', async () => {
    await signedIn('access-1');
    const done = session.logout();
    http.expectOne('/auth/logout').error(new ProgressEvent('error'), { status: 0 });
    await done;
    expect(session.status()).toBe('anonymous');
  });

  async function signedIn(access: string): Promise<void> {
    const restored = session.restore();
    expectRefresh().flush(tokens(access));
    await answerMe(access);
    await restored;
  }
});
