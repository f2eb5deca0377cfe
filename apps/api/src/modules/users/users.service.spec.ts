import type { User } from '@pneumatic/contracts';
import { SignedLinks } from '../../core/links/signed-links';
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../core/errors';
import { FakeUsersRepository } from '../../../test/fakes/users.repository.fake';
import { createTestService, provide, testConfig } from '../../../test/test-service';
import { DomainEvents } from '../../core/events/domain-events';
import { MemoryPresenceStore, PresenceStore } from '../presence/presence.store';
import { Administrators } from './administrators';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

describe('UsersService', () => {
  let sut: UsersService;
  let users: FakeUsersRepository;
  const add = (username: string, fullName: string | null = null) =>
    users.insert({ id: randomUUID(), username, fullName, passwordHash: 'hash', createdAt: new Date() });

  let store: MemoryPresenceStore;
  let events: DomainEvents;

  beforeEach(async () => {
    users = new FakeUsersRepository();
    store = new MemoryPresenceStore();
    events = new DomainEvents();
    sut = await createTestService(
      UsersService,
      [
        provide(UsersRepository, users),
        { provide: PresenceStore, useValue: store },
        { provide: DomainEvents, useValue: events },
        Administrators,
      ],
      testConfig({ ADMIN_USERNAMES: 'root' }),
    );
  });

  it('shows who is online and when the others were last seen', async () => {
    const me = await add('me');
    const online = await add('online_user');
    const away = await add('away_user');
    await store.addDevice(online.id, 'phone');
    await store.markShown(online.id, true);
    await users.setLastSeen(away.id, new Date('2026-11-25T10:00:00.000Z'));
    expect(await sut.list(me.id, {})).toEqual([
      expect.objectContaining({ username: 'away_user', online: false, last_seen: '2026-11-25T10:00:00.000Z' }),
      expect.objectContaining({ username: 'online_user', online: true, last_seen: null }),
    ]);
  });

  it('lists everyone but the caller, by username, without hashes', async () => {
    const me = await add('mallory');
    await add('carol');
    await add('bob');
    const list = await sut.list(me.id, {});
    expect(list).toEqual([
      { id: expect.any(String), username: 'bob', full_name: null, deactivated: false, avatar_url: null, online: false, last_seen: null },
      { id: expect.any(String), username: 'carol', full_name: null, deactivated: false, avatar_url: null, online: false, last_seen: null },
    ]);
  });

  it('normalises the search prefix like a username', async () => {
    const me = await add('me');
    await add('alice', 'Alice Liddell');
    await add('bob', 'Bob');
    expect((await sut.list(me.id, { q: 'ＡＬ' })).map((u) => u.username)).toEqual(['alice']);
    expect((await sut.list(me.id, { q: 'bo', limit: 1 })).map((u) => u.username)).toEqual(['bob']);
  });

  it('looks users up by id, the caller included, ignoring unknown ids', async () => {
    const me = await add('me');
    const other = await add('other');
    const found = await sut.list(me.id, { ids: [other.id, me.id, randomUUID(), other.id] });
    expect(found.map((u) => u.username)).toEqual(['me', 'other']);
  });

  it("leaves deactivated users out of the list, but not out of a lookup by id or the administrators' list", async () => {
    const me = await add('me');
    const gone = await add('gone');
    await add('here');
    await users.setDeactivatedAt(gone.id, new Date());
    expect((await sut.list(me.id, {})).map((u) => u.username)).toEqual(['here']);
    expect(await sut.list(me.id, { ids: [gone.id] })).toEqual([expect.objectContaining({ username: 'gone', deactivated: true })]);
    expect((await sut.listAll({})).map((u) => [u.username, u.deactivated])).toEqual([
      ['gone', true],
      ['here', false],
      ['me', false],
    ]);
  });

  it('changes the display name, cleaned, and tells the contacts only when it changed', async () => {
    const me = await add('me', 'Old');
    const told: unknown[] = [];
    events.on('user.updated', ({ user }) => told.push(user));
    await expect(sut.updateProfile(me.id, '  New\u200B Name ')).resolves.toMatchObject({ full_name: 'New Name', administrator: false });
    await sut.updateProfile(me.id, 'New Name');
    await expect(sut.updateProfile(me.id, '   ')).resolves.toMatchObject({ full_name: null });
    expect(told).toEqual([
      { id: me.id, username: 'me', full_name: 'New Name', deactivated: false, avatar_url: null },
      { id: me.id, username: 'me', full_name: null, deactivated: false, avatar_url: null },
    ]);
  });

  it('replaces the avatar, answers the one replaced, and tells the contacts with a signed avatar_url only on a change', async () => {
    SignedLinks.install(new SignedLinks('unit-test-secret-0123456789abcdef0123', 3600));
    const me = await add('me');
    const told: User[] = [];
    events.on('user.updated', ({ user }) => told.push(user));
    const first = randomUUID();
    const set = await sut.replaceAvatar(me.id, first);
    expect(set.replaced).toBeNull();
    expect(set.account.avatar_url).toMatch(new RegExp(`^/avatars/${first}\\?expires=\\d+&signature=[\\w-]+$`));
    expect(await sut.avatarInUse(first)).toBe(true);
    expect((await sut.replaceAvatar(me.id, null)).replaced).toBe(first);
    expect(await sut.avatarInUse(first)).toBe(false);
    await sut.replaceAvatar(me.id, null);
    expect(told.map((user) => user.avatar_url === null)).toEqual([false, true]);
  });

  it('says who is an administrator', async () => {
    const root = await add('root');
    const me = await add('me');
    expect((await sut.account(root.id)).administrator).toBe(true);
    expect((await sut.account(me.id)).administrator).toBe(false);
  });

  it('answers NotFound for an unknown id', async () => {
    await expect(sut.getById(randomUUID())).rejects.toThrow(NotFoundError);
  });
});
