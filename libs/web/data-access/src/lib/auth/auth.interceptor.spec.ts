import { HttpClient, HttpContext, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { TokenResponse } from '@pneumatic/contracts';
import { firstValueFrom } from 'rxjs';
import { settle } from '../../testing/fake-socket';
import { setSessionHint } from '../../testing/signed-in';
import { SKIP_AUTH } from '../api/auth-api';
import { authInterceptor } from './auth.interceptor';
import { Session } from './session';

const tokens = (access: string, expiresIn = 1800): TokenResponse => ({
  access_token: access,
  refresh_token: 'r',
  token_type: 'bearer',
  expires_in: expiresIn,
});
const unauthorized = { status: 401, statusText: 'Unauthorized' };

describe('authInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let session: Session;

  beforeEach(async () => {
    setSessionHint();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    session = TestBed.inject(Session);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  async function signIn(expiresIn = 1800): Promise<void> {
    const restored = session.restore();
    http.expectOne('/auth/refresh').flush(tokens('access-1', expiresIn));
    await settle();
    http.expectOne('/auth/me').flush({ id: 'u1', username: 'alice', full_name: null });
    await restored;
  }

  it('puts the bearer token on requests to our API only', async () => {
    await signIn();
    void firstValueFrom(client.get('/conversations'));
    void firstValueFrom(client.get('https://elsewhere.example/x'));
    void firstValueFrom(client.get('//elsewhere.example/x'));
    void firstValueFrom(client.get('/auth/login', { context: new HttpContext().set(SKIP_AUTH, true) }));
    await settle();
    expect(http.expectOne('/conversations').request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(http.expectOne('https://elsewhere.example/x').request.headers.has('Authorization')).toBe(false);
    expect(http.expectOne('//elsewhere.example/x').request.headers.has('Authorization')).toBe(false);
    expect(http.expectOne('/auth/login').request.headers.has('Authorization')).toBe(false);
  });

  it('sends no Authorization header without a session', async () => {
    void firstValueFrom(client.get('/users'));
    await settle();
    expect(http.expectOne('/users').request.headers.has('Authorization')).toBe(false);
  });

  it('on a 401 refreshes once and replays the request with the new token', async () => {
    await signIn();
    const response = firstValueFrom(client.get<{ ok: boolean }>('/conversations'));
    await settle();
    http.expectOne('/conversations').flush({ detail: 'expired', status: 401 }, unauthorized);
    await settle();
    http.expectOne('/auth/refresh').flush(tokens('access-2'));
    await settle();
    const replay = http.expectOne('/conversations');
    expect(replay.request.headers.get('Authorization')).toBe('Bearer access-2');
    replay.flush({ ok: true });
    await expect(response).resolves.toEqual({ ok: true });
  });

  it('passes the 401 on and ends the session when the refresh is refused', async () => {
    await signIn();
    const response = firstValueFrom(client.get('/conversations'));
    await settle();
    http.expectOne('/conversations').flush({ detail: 'expired', status: 401 }, unauthorized);
    await settle();
    http.expectOne('/auth/refresh').flush({ detail: 'reused', status: 401 }, unauthorized);
    await expect(response).rejects.toBeInstanceOf(HttpErrorResponse);
    expect(session.status()).toBe('anonymous');
  });

  it('does not loop: a second 401 after the replay goes to the caller', async () => {
    await signIn();
    const response = firstValueFrom(client.get('/conversations'));
    await settle();
    http.expectOne('/conversations').flush({}, unauthorized);
    await settle();
    http.expectOne('/auth/refresh').flush(tokens('access-2'));
    await settle();
    http.expectOne('/conversations').flush({}, unauthorized);
    await expect(response).rejects.toMatchObject({ status: 401 });
    http.expectNone('/auth/refresh');
  });

  it('renews a token that is about to expire before sending the request', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    await signIn(60);
    jest.setSystemTime(Date.now() + 58_000); // 2 s left: the timer has not fired yet
    void firstValueFrom(client.get('/users'));
    await settle();
    http.expectNone('/users');
    http.expectOne('/auth/refresh').flush(tokens('access-2'));
    await settle();
    expect(http.expectOne('/users').request.headers.get('Authorization')).toBe('Bearer access-2');
  });
});
