import { listOf, systemRecords } from './system-messages';

const names = new Map(Array.from({ length: 30 }, (_, i) => [`u${i}`, `user${i}`]));

describe('system messages', () => {
  it('list one, two, several and many names as a sentence does', () => {
    expect(listOf(names, ['u1'])).toBe('user1');
    expect(listOf(names, ['u1', 'u2'])).toBe('user1 and user2');
    expect(listOf(names, ['u1', 'u2', 'u3'])).toBe('user1, user2 and user3');
    expect(
      listOf(
        names,
        Array.from({ length: 10 }, (_, i) => `u${i}`),
      ),
    ).toBe('user0, user1, user2, user3, user4, user5, user6, user7, user8 and user9');
    expect(
      listOf(
        names,
        Array.from({ length: 25 }, (_, i) => `u${i}`),
      ),
    ).toBe('user0, user1, user2, user3, user4, user5, user6, user7, user8 and 16 others');
  });

  it('record the change beside its sentence', () => {
    expect(systemRecords.added(names, 'u0', ['u1', 'u2'])).toEqual({
      event: { type: 'member_added', actor_id: 'u0', user_ids: ['u1', 'u2'], title: null },
      content: 'user0 added user1 and user2',
    });
    expect(systemRecords.removed(names, 'u0', 'u1').content).toBe('user0 removed user1');
    expect(systemRecords.left(names, 'u1')).toEqual({
      event: { type: 'member_left', actor_id: 'u1', user_ids: ['u1'], title: null },
      content: 'user1 left',
    });
    expect(systemRecords.roleChanged(names, 'u0', 'u1', 'admin').content).toBe('user0 made user1 an admin');
    expect(systemRecords.roleChanged(names, 'u0', 'u1', 'member').content).toBe('user0 removed user1 as an admin');
    expect(systemRecords.roleChanged(names, 'u0', 'u0', 'member').content).toBe('user0 is no longer an admin');
    expect(systemRecords.succeeded(names, 'u0', 'u2')).toEqual({
      event: { type: 'role_changed', actor_id: 'u0', user_ids: ['u2'], title: null },
      content: 'user2 is now an admin',
    });
    expect(systemRecords.renamed(names, 'u0', 'Trip')).toEqual({
      event: { type: 'renamed', actor_id: 'u0', user_ids: [], title: 'Trip' },
      content: 'user0 renamed the group to “Trip”',
    });
    expect(systemRecords.renamed(names, 'u0', null).content).toBe('user0 removed the group name');
  });
});
