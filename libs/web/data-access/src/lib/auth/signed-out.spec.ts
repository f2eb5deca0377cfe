import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { FakeSocket, settle } from '../../testing/fake-socket';
import { ALICE, signedInTestBed } from '../../testing/signed-in';
import { UsersDirectory } from '../chat/users-directory';
import { ChatStore } from '../chat/chat-store';
import { ChatSocket } from '../realtime/chat-socket';
import { Session } from './session';
import { SIGNED_OUT_MESSAGES } from './signed-out';

const unauthorized = { status: 401, statusText: 'Unauthorized' };
const ended = (reason: string) => ({
  type: 'x',
  title: 'Unauthorized',
  status: 401,
  detail: 'ended',
  code: 'UNAUTHORIZED',
  session_ended: reason,
});

/** A session ended elsewhere: this device signs out and can say why. */
describe('a session ended elsewhere', () => {
  let http: HttpTestingController;
  let session: Session;
  let sockets: FakeSocket[];

  beforeEach(async () => {
    ({ http, session, sockets } = await signedInTestBed());
  });
  afterEach(() => http.verify());

  it('signs out with the reason the refused refresh gives', async () => {
    const refreshed = session.refresh();
    http.expectOne('/auth/refresh').flush(ended('revoked'), unauthorized);
    await expect(refreshed).resolves.toBeNull();
    expect(session.status()).toBe('anonymous');
    expect(session.signedOutReason()).toBe(SIGNED_OUT_MESSAGES.revoked);
  });

  it('says nothing for a refusal that is no ending (a cookie that was never valid)', async () => {
    const refreshed = session.refresh();
    http.expectOne('/auth/refresh').flush({ ...ended('revoked'), session_ended: undefined }, unauthorized);
    await refreshed;
    expect(session.signedOutReason()).toBeNull();
  });

  it('signs out at once when the socket hears session:ended, and stops connecting; the next login clears the line', async () => {
    const chat = TestBed.inject(ChatSocket);
    chat.connect();
    await settle();
    sockets[0].accept();
    sockets[0].push('session:ended', { reason: 'deactivated' });
    expect(session.status()).toBe('anonymous');
    expect(session.signedOutReason()).toBe('Your account has been deactivated by an administrator.');
    expect(chat.state()).toBe('idle');
    const login = session.login({ username: 'alice', password: 'x' });
    http.expectOne('/auth/login').flush({ access_token: 'a2', refresh_token: 'r', token_type: 'bearer', expires_in: 1800 });
    await settle();
    http.expectOne('/auth/me').flush(ALICE);
    await login;
    expect(session.signedOutReason()).toBeNull();
  });

  it('needs no line for a sign-out of this very session (another tab of this browser)', async () => {
    session.endedElsewhere('logout');
    expect(session.status()).toBe('anonymous');
    expect(session.signedOutReason()).toBeNull();
  });

  it("takes profile changes from user:updated: the name in the directory, and the signed-in user's own", async () => {
    const store = TestBed.inject(ChatStore);
    store.start();
    await settle();
    http.expectOne('/conversations').flush({ conversations: [] });
    await settle();
    sockets[0].accept();
    sockets[0].push('user:updated', { user: { ...ALICE, full_name: 'Alice from the phone' } });
    sockets[0].push('user:updated', { user: { id: 'u-bob', username: 'bob', full_name: 'Bob B', deactivated: true } });
    expect(session.user()).toEqual({ ...ALICE, full_name: 'Alice from the phone' });
    expect(TestBed.inject(UsersDirectory).byId().get('u-bob')).toMatchObject({ full_name: 'Bob B', deactivated: true });
    store.stop();
  });
});
