import type { HttpTestingController } from '@angular/common/http/testing';
import type { User } from '@pneumatic/contracts';
import { ALICE, button, field, renderPage, type } from '../testing/render-page';
import { UsersPage } from './users-page';

const BOB: User = { id: 'u-bob', username: 'bob', full_name: 'Bob Builder', deactivated: false, avatar_url: null };
const EVE: User = { id: 'u-eve', username: 'eve', full_name: null, deactivated: true, avatar_url: null };

/** The search waits 200 ms after the last keystroke; a later timer fires after it. */
const pastTheDebounce = () => new Promise((resolve) => setTimeout(resolve, 250));

describe('UsersPage', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let settle: () => Promise<void>;

  beforeEach(async () => {
    ({ http, element: page, settle } = await renderPage(UsersPage));
    await pastTheDebounce();
    http.expectOne('/admin/users?limit=100').flush({ users: [ALICE, BOB, EVE] });
    await settle();
  });
  afterEach(() => http.verify());

  /** Each row as its parts read: name, badge, username, button. */
  const rows = () =>
    Array.from(page.querySelectorAll('li')).map((li) =>
      Array.from(li.querySelectorAll('strong, .badge, p, button'))
        .map((part) => part.textContent?.trim())
        .join(' '),
    );

  it('lists everyone, the deactivated marked, each but the administrator themself with the action that fits', () => {
    expect(rows()).toEqual(['Alice @alice', 'Bob Builder @bob Deactivate', 'eve Deactivated @eve Reactivate']);
  });

  it('deactivates and reactivates, showing the new state', async () => {
    button(page, 'Deactivate').click();
    await settle();
    http.expectOne({ method: 'POST', url: '/admin/users/u-bob/deactivate' }).flush({ ...BOB, deactivated: true, avatar_url: null });
    await settle();
    expect(rows()[1]).toBe('Bob Builder Deactivated @bob Reactivate');
    Array.from(page.querySelectorAll('button'))[1].click();
    await settle();
    http.expectOne({ method: 'POST', url: '/admin/users/u-eve/reactivate' }).flush({ ...EVE, deactivated: false, avatar_url: null });
    await settle();
    expect(rows()[2]).toBe('eve @eve Deactivate');
  });

  it('searches as the administrator types, and shows a refusal', async () => {
    type(field(page, 'Search users'), 'bo');
    await pastTheDebounce();
    http.expectOne('/admin/users?q=bo&limit=100').flush({ users: [BOB] });
    await settle();
    expect(rows()).toEqual(['Bob Builder @bob Deactivate']);
    button(page, 'Deactivate').click();
    await settle();
    http
      .expectOne('/admin/users/u-bob/deactivate')
      .flush({ status: 409, detail: 'Administrators cannot be deactivated' }, { status: 409, statusText: 'Conflict' });
    await settle();
    expect(page.querySelector('[role=alert]')?.textContent).toContain('Administrators cannot be deactivated');
  });
});
