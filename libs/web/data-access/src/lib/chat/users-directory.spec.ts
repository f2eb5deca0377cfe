import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { settle } from '../../testing/fake-socket';
import { signedInTestBed } from '../../testing/signed-in';
import { Presence } from './presence';
import { displayName, UsersDirectory } from './users-directory';

const bob = { id: 'u-bob', username: 'bob', full_name: 'Bob Builder', deactivated: false, avatar_url: null, online: true, last_seen: null };
const carol = {
  id: 'u-carol',
  username: 'carol',
  full_name: null,
  deactivated: false,
  avatar_url: null,
  online: false,
  last_seen: '2026-11-25T09:00:00.000Z',
};

describe('UsersDirectory', () => {
  let http: HttpTestingController;
  let directory: UsersDirectory;

  beforeEach(async () => {
    ({ http } = await signedInTestBed());
    directory = TestBed.inject(UsersDirectory);
  });

  afterEach(() => http.verify());

  it('looks up the people it cannot name by id, once per person, and learns their presence', async () => {
    directory.resolve(['u-bob', 'u-carol', 'u-bob']);
    directory.resolve(['u-bob']); // already being looked up
    await settle();
    http.expectOne('/users?ids=u-bob,u-carol').flush({ users: [bob, carol] });
    await settle();
    expect(directory.byId().get('u-bob')).toEqual(bob);
    expect(TestBed.inject(Presence).of('u-carol')).toEqual({ online: false, last_seen: carol.last_seen });

    directory.resolve(['u-bob', 'u-carol']);
    http.expectNone((request) => request.url === '/users');
    directory.resolve(['u-dave']); // someone new
    await settle();
    http.expectOne('/users?ids=u-dave').flush({ users: [] });
  });

  it('asks again after a failed lookup, and splits long lists at the limit of the API', async () => {
    directory.resolve(['u-bob']);
    await settle();
    http.expectOne('/users?ids=u-bob').error(new ProgressEvent('error'), { status: 0 });
    await settle();
    directory.resolve(['u-bob']);
    await settle();
    http.expectOne('/users?ids=u-bob').flush({ users: [bob] });

    const many = Array.from({ length: 300 }, (_, i) => `u-${i}`);
    directory.resolve(many);
    await settle();
    const requests = http.match((request) => request.url === '/users');
    expect(requests.map((request) => request.request.params.get('ids')?.split(',').length)).toEqual([256, 44]);
    for (const request of requests) request.flush({ users: [] });
  });

  it('remembers the people found by a search', async () => {
    const found = firstValueFrom(directory.search('  car '));
    await settle();
    http.expectOne('/users?q=car&limit=50').flush({ users: [carol] });
    await expect(found).resolves.toEqual([carol]);
    expect(directory.byId().get('u-carol')).toEqual(carol);
  });

  it('names people by their full name, else their username', () => {
    expect(displayName(bob)).toBe('Bob Builder');
    expect(displayName(carol)).toBe('carol');
    expect(displayName(undefined)).toBe('Unknown user');
  });
});
