import type { HttpTestingController } from '@angular/common/http/testing';
import type { SessionInfo } from '@pneumatic/contracts';
import { deviceName } from './device-name';
import { SessionsPage } from './sessions-page';
import { button, renderPage } from '../testing/render-page';

const session = (id: string, userAgent: string | null, current = false): SessionInfo => ({
  id,
  created_at: '2026-12-01T10:00:00.000Z',
  last_used_at: '2026-12-03T10:00:00.000Z',
  user_agent: userAgent,
  current,
});
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

describe('SessionsPage', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let settle: () => Promise<void>;

  beforeEach(async () => {
    ({ http, element: page, settle } = await renderPage(SessionsPage));
    http.expectOne('/auth/sessions').flush({ sessions: [session('s-phone', IPHONE), session('s-here', FIREFOX, true)] });
    await settle();
  });
  afterEach(() => http.verify());

  const rows = () => Array.from(page.querySelectorAll('li')).map((li) => li.textContent?.replace(/\s+/g, ' ').trim());

  it('lists this device first, marked, and the others each with a Sign out button', () => {
    expect(rows()).toEqual([
      expect.stringMatching(/^Firefox on Linux\s*This device Signed in/),
      expect.stringMatching(/^Safari on iPhone Signed in .* Sign out$/),
    ]);
    expect(page.querySelectorAll('button')).toHaveLength(1);
  });

  it('signs a session out and takes it off the list; a failure says why and keeps it', async () => {
    button(page, 'Sign out').click();
    await settle();
    http
      .expectOne({ method: 'DELETE', url: '/auth/sessions/s-phone' })
      .flush({ detail: 'Cannot reach', status: 503 }, { status: 503, statusText: 'x' });
    await settle();
    expect(page.querySelector('[role=alert]')?.textContent).toContain('Cannot reach');
    expect(rows()).toHaveLength(2);
    button(page, 'Sign out').click();
    await settle();
    http.expectOne('/auth/sessions/s-phone').flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(rows()).toEqual([expect.stringContaining('This device')]);
    expect(page.textContent).toContain('You are not signed in anywhere else.');
  });
});

describe('deviceName', () => {
  it.each([
    [FIREFOX, 'Firefox on Linux'],
    [IPHONE, 'Safari on iPhone'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0',
      'Edge on Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
      'Chrome on macOS',
    ],
    ['Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36', 'Chrome on Android'],
    ['curl/8.5.0', 'curl/8.5.0'],
    [null, 'Unknown device'],
  ])('names %s as %s', (userAgent, name) => expect(deviceName(userAgent)).toBe(name));
});
