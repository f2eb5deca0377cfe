import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { authInterceptor, Session } from '@pneumatic/web/data-access/session';
import { AuthPage } from './auth-page';

/** The element or value, or a clear failure when the page lacks it. */
function must<T>(value: T | null | undefined, what = 'element'): T {
  if (value === null || value === undefined) throw new Error(`missing ${what}`);
  return value;
}

const tick = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('AuthPage', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let navigate: jest.SpyInstance;
  let detectChanges: () => Promise<void>;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [AuthPage],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const fixture = TestBed.createComponent(AuthPage);
    page = fixture.nativeElement as HTMLElement;
    detectChanges = async () => {
      await tick();
      await fixture.whenStable();
    };
    await detectChanges();
  });

  afterEach(() => http.verify());

  const panel = (id: 'login' | 'signup') => must(page.querySelector<HTMLElement>(`#account-panel-${id}`));
  const field = (scope: HTMLElement, label: string) => {
    const labelElement = must(Array.from(scope.querySelectorAll('label')).find((l) => l.textContent?.trim() === label));
    return must(scope.querySelector<HTMLInputElement>(`#${labelElement.htmlFor}`));
  };
  const type = (input: HTMLInputElement, value: string) => {
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  };
  const submit = (scope: HTMLElement) => must(scope.querySelector('form')).dispatchEvent(new Event('submit'));

  it('says why when this device was signed out from elsewhere, and nothing otherwise', async () => {
    expect(page.querySelector('.signed-out')).toBeNull();
    const refreshed = TestBed.inject(Session).refresh();
    http
      .expectOne('/auth/refresh')
      .flush({ status: 401, detail: 'x', code: 'UNAUTHORIZED', session_ended: 'revoked' }, { status: 401, statusText: 'Unauthorized' });
    await refreshed;
    await detectChanges();
    expect(page.querySelector('.signed-out[role=status]')?.textContent?.trim()).toBe('You were signed out from another device.');
  });

  it('shows two tabs, moved between with the arrow keys', async () => {
    const tabs = Array.from(page.querySelectorAll<HTMLButtonElement>('[role=tab]'));
    expect(tabs.map((t) => [t.textContent?.trim(), t.getAttribute('aria-selected')])).toEqual([
      ['Log in', 'true'],
      ['Sign up', 'false'],
    ]);
    expect(panel('signup').hidden).toBe(true);
    tabs[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await detectChanges();
    expect(tabs[1].getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tabs[1]);
    expect(panel('signup').hidden).toBe(false);
    expect(panel('login').hidden).toBe(true);
  });

  it("checks the sign-up fields with the server's rules before sending anything", async () => {
    const signup = panel('signup');
    type(field(signup, 'Username'), 'al ice');
    type(field(signup, 'Password'), 'short');
    submit(signup);
    await detectChanges();
    expect(signup.textContent).toContain('Use 3–32 characters: letters, digits and _ . -.');
    expect(signup.textContent).toContain('Password must be at least 8 characters.');
    expect(field(signup, 'Username').getAttribute('aria-invalid')).toBe('true');
    http.expectNone('/auth/signup');

    type(field(signup, 'Username'), 'ＡＬＩＣＥ'); // full-width letters normalise to "alice": accepted
    await detectChanges();
    expect(signup.textContent).not.toContain('Use 3–32');
  });

  it("shows the server's detail when logging in fails", async () => {
    const login = panel('login');
    type(field(login, 'Username'), 'alice');
    type(field(login, 'Password'), 'wrong password');
    submit(login);
    await tick();
    http
      .expectOne('/auth/login')
      .flush(
        { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Incorrect username or password', code: 'UNAUTHORIZED' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await detectChanges();
    expect(login.querySelector('[role=alert]')?.textContent?.trim()).toBe('Incorrect username or password');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('puts a taken username on the username field, until the username changes', async () => {
    const signup = panel('signup');
    type(field(signup, 'Username'), 'alice');
    type(field(signup, 'Password'), 'long enough password');
    submit(signup);
    await tick();
    http
      .expectOne('/auth/signup')
      .flush({ status: 409, detail: 'Username already registered', code: 'CONFLICT' }, { status: 409, statusText: 'Conflict' });
    await detectChanges();
    expect(signup.querySelector('.form-error')).toBeNull();
    const error = must(signup.querySelector('.error[role=alert]'), 'the field error');
    expect(error.textContent?.trim()).toBe('Username already registered');
    expect(field(signup, 'Username').getAttribute('aria-describedby')).toBe(error.id);

    type(field(signup, 'Password'), 'another long password'); // another field: it still stands
    await detectChanges();
    expect(signup.textContent).toContain('Username already registered');
    type(field(signup, 'Username'), 'alice2');
    await detectChanges();
    expect(signup.textContent).not.toContain('Username already registered');
    expect(field(signup, 'Username').getAttribute('aria-invalid')).toBeNull();
  });

  it("puts the server's per-field messages on their fields", async () => {
    const signup = panel('signup');
    type(field(signup, 'Username'), 'alice');
    type(field(signup, 'Password'), 'long enough password');
    submit(signup);
    await tick();
    http
      .expectOne('/auth/signup')
      .flush(
        { status: 400, detail: 'Validation failed', code: 'VALIDATION_FAILED', errors: [{ field: 'password', message: 'Too common.' }] },
        { status: 400, statusText: 'Bad Request' },
      );
    await detectChanges();
    expect(signup.textContent).toContain('Too common.');
    expect(signup.querySelector('.form-error')?.textContent?.trim()).toBe('Validation failed');
    type(field(signup, 'Password'), 'a less common password');
    await detectChanges();
    expect(signup.textContent).not.toContain('Too common.');
    expect(signup.querySelector('.form-error')).toBeNull();
  });

  it("clears the form's error once the user changes what it was about", async () => {
    const login = panel('login');
    type(field(login, 'Username'), 'alice');
    type(field(login, 'Password'), 'wrong password');
    submit(login);
    await tick();
    http
      .expectOne('/auth/login')
      .flush({ status: 401, detail: 'Incorrect username or password', code: 'UNAUTHORIZED' }, { status: 401, statusText: 'Unauthorized' });
    await detectChanges();
    expect(login.querySelector('[role=alert]')?.textContent?.trim()).toBe('Incorrect username or password');
    type(field(login, 'Password'), 'right password');
    await detectChanges();
    expect(login.querySelector('[role=alert]')).toBeNull();
  });

  it('signs up, logs in and goes to the chat', async () => {
    const signup = panel('signup');
    type(field(signup, 'Username'), 'Alice');
    type(field(signup, 'Full name (optional)'), '  Alice Liddell ');
    type(field(signup, 'Password'), 'correct horse battery');
    submit(signup);
    await tick();
    const request = http.expectOne('/auth/signup');
    expect(request.request.body).toEqual({ username: 'Alice', password: 'correct horse battery', full_name: 'Alice Liddell' });
    request.flush({ id: 'u1', username: 'alice', full_name: 'Alice Liddell' }, { status: 201, statusText: 'Created' });
    await tick();
    http.expectOne('/auth/login').flush({ access_token: 'a', refresh_token: 'r', token_type: 'bearer', expires_in: 1800 });
    await tick();
    http.expectOne('/auth/me').flush({ id: 'u1', username: 'alice', full_name: 'Alice Liddell' });
    await detectChanges();
    expect(navigate).toHaveBeenCalledWith('/chat');
  });
});
