import type { HttpTestingController } from '@angular/common/http/testing';
import { ProfilePage } from './profile-page';
import { ALICE, field, renderPage, type } from '../testing/render-page';

describe('ProfilePage', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let settle: () => Promise<void>;
  let adoptProfile: jest.Mock;

  beforeEach(async () => {
    ({ http, element: page, settle, adoptProfile } = await renderPage(ProfilePage));
  });
  afterEach(() => http.verify());

  const form = (index: number) => page.querySelectorAll('form')[index];
  const submit = (index: number) => form(index).dispatchEvent(new Event('submit'));

  it('saves the name and shows it as the signed-in user', async () => {
    expect(field(page, 'Full name').value).toBe('Alice');
    type(field(page, 'Full name'), 'Alice Liddell');
    submit(0);
    await settle();
    const request = http.expectOne({ method: 'PATCH', url: '/auth/me' });
    expect(request.request.body).toEqual({ full_name: 'Alice Liddell' });
    request.flush({ ...ALICE, full_name: 'Alice Liddell' });
    await settle();
    expect(adoptProfile).toHaveBeenCalledWith({ ...ALICE, full_name: 'Alice Liddell' });
    expect(page.querySelector('[role=status]')?.textContent).toContain('Saved');
  });

  it('changes the password, and shows a wrong current password on its field', async () => {
    type(field(page, 'Current password'), 'wrong');
    type(field(page, 'New password'), 'a new password');
    type(field(page, 'Repeat the new password'), 'a new password');
    submit(1);
    await settle();
    const first = http.expectOne({ method: 'POST', url: '/auth/password' });
    expect(first.request.body).toEqual({ current_password: 'wrong', new_password: 'a new password' });
    first.flush(
      {
        type: 'x',
        title: 'Bad Request',
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: 'The current password is not correct',
        errors: [{ field: 'current_password', message: 'is not your current password' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(page.querySelector('.form-error[role=alert]')?.textContent).toContain('The current password is not correct');
    expect(page.textContent).toContain('is not your current password');

    type(field(page, 'Current password'), 'right');
    submit(1);
    await settle();
    http.expectOne('/auth/password').flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(page.querySelector('[role=status]')?.textContent).toContain('Every other device has been signed out');
    expect(field(page, 'New password').value).toBe('');
  });

  it('sends nothing while the repetition differs or the new password is too short', async () => {
    type(field(page, 'Current password'), 'right');
    type(field(page, 'New password'), 'a new password');
    type(field(page, 'Repeat the new password'), 'another one');
    submit(1);
    await settle();
    expect(page.textContent).toContain('The two new passwords differ.');
    type(field(page, 'New password'), 'short');
    type(field(page, 'Repeat the new password'), 'short');
    submit(1);
    await settle();
    expect(page.textContent).toContain('New password must be at least 8 characters.');
    http.expectNone('/auth/password');
  });
});
