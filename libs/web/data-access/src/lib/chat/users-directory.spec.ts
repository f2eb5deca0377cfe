import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { settle } from '../../testing/fake-socket';
import { signedInTestBed } from '../../testing/signed-in';
import { displayName, UsersDirectory } from './users-directory';

const bob = { id: 'u-bob', username: 'bob', full_name: 'Bob Builder' };
const carol = { id: 'u-carol', username: 'carol', full_name: null };

describe('UsersDirectory', () => {
  let http: HttpTestingController;
  let directory: UsersDirectory;

  beforeEach(async () => {
    ({ http } = await signedInTestBed());
    directory = TestBed.inject(UsersDirectory);
  });

  afterEach(() => http.verify());

  it('loads the people list when it meets someone it cannot name, once per unknown person', async () => {
    directory.resolve(['u-bob', 'u-carol']);
    directory.resolve(['u-bob']);
    await settle();
    http.expectOne('/users?limit=100').flush({ users: [bob] });
    await settle();
    expect(directory.byId().get('u-bob')).toEqual(bob);

    directory.resolve(['u-bob', 'u-carol']); // Carol was looked for and not found: no new request
    http.expectNone('/users?limit=100');
    directory.resolve(['u-dave']); // someone new: look again
    await settle();
    http.expectOne('/users?limit=100').flush({ users: [bob, carol] });
    await settle();
    expect(directory.byId().has('u-carol')).toBe(true);
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
