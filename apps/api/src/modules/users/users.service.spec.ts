import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../core/errors';
import { FakeUsersRepository } from '../../../test/fakes/users.repository.fake';
import { createTestService, provide } from '../../../test/test-service';
import { MemoryPresenceStore, PresenceStore } from '../presence/presence.store';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

describe('UsersService', () => {
  let sut: UsersService;
  let users: FakeUsersRepository;
  const add = (username: string, fullName: string | null = null) =>
    users.insert({ id: randomUUID(), username, fullName, passwordHash: 'hash', createdAt: new Date() });

  let store: MemoryPresenceStore;

  beforeEach(async () => {
    users = new FakeUsersRepository();
    store = new MemoryPresenceStore();
    sut = await createTestService(UsersService, [provide(UsersRepository, users), { provide: PresenceStore, useValue: store }]);
  });

  it('shows who is online and when the others were last seen', async () => {
    const me = await add('me');
    const online = await add('online_user');
    const away = await add('away_user');
    await store.addDevice(online.id, 'phone');
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
      { id: expect.any(String), username: 'bob', full_name: null, online: false, last_seen: null },
      { id: expect.any(String), username: 'carol', full_name: null, online: false, last_seen: null },
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

  it('answers NotFound for an unknown id', async () => {
    await expect(sut.getById(randomUUID())).rejects.toThrow(NotFoundError);
  });
});
