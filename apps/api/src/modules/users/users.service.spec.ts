import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../core/errors';
import { FakeUsersRepository } from '../../../test/fakes/users.repository.fake';
import { createTestService, provide } from '../../../test/test-service';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

describe('UsersService', () => {
  let sut: UsersService;
  let users: FakeUsersRepository;
  const add = (username: string, fullName: string | null = null) =>
    users.insert({ id: randomUUID(), username, fullName, passwordHash: 'hash', createdAt: new Date() });

  beforeEach(async () => {
    users = new FakeUsersRepository();
    sut = await createTestService(UsersService, [provide(UsersRepository, users)]);
  });

  it('lists everyone but the caller, by username, without hashes', async () => {
    const me = await add('mallory');
    await add('carol');
    await add('bob');
    const list = await sut.list(me.id, {});
    expect(list).toEqual([
      { id: expect.any(String), username: 'bob', full_name: null },
      { id: expect.any(String), username: 'carol', full_name: null },
    ]);
  });

  it('normalises the search prefix like a username', async () => {
    const me = await add('me');
    await add('alice', 'Alice Liddell');
    await add('bob', 'Bob');
    expect((await sut.list(me.id, { q: 'ＡＬ' })).map((u) => u.username)).toEqual(['alice']);
    expect((await sut.list(me.id, { q: 'bo', limit: 1 })).map((u) => u.username)).toEqual(['bob']);
  });

  it('answers NotFound for an unknown id', async () => {
    await expect(sut.getById(randomUUID())).rejects.toThrow(NotFoundError);
  });
});
