import type { User } from '@pneumatic/contracts';
import { matchesQuery, withNewcomer } from './people-search';

const person = (username: string, full_name: string | null = null): User => ({
  id: `u-${username}`,
  username,
  full_name,
  deactivated: false,
  avatar_url: null,
});
const names = (users: readonly User[]) => users.map((user) => user.username);

describe('a newcomer in the people list', () => {
  const shown = [person('bob'), person('dora'), person('frank')];

  it('is found as the server would find them: the start of the username or the full name, in any case', () => {
    expect(matchesQuery(person('carol', 'Carol Danvers'), '')).toBe(true);
    expect(matchesQuery(person('carol', 'Carol Danvers'), '  CAR ')).toBe(true);
    expect(matchesQuery(person('cdanvers', 'Carol Danvers'), 'carol')).toBe(true);
    expect(matchesQuery(person('carol', 'Carol Danvers'), 'danvers')).toBe(false);
  });

  it('takes their place by username', () => {
    expect(names(withNewcomer(shown, person('carol'), ''))).toEqual(['bob', 'carol', 'dora', 'frank']);
    expect(names(withNewcomer(shown, person('zoe'), ''))).toEqual(['bob', 'dora', 'frank', 'zoe']);
    expect(names(withNewcomer([], person('ann'), ''))).toEqual(['ann']);
  });

  it('is left out when the query does not find them, when already shown, or beyond a full page', () => {
    expect(withNewcomer(shown, person('carol'), 'fr')).toBe(shown);
    expect(withNewcomer(shown, person('dora'), '')).toBe(shown);
    expect(withNewcomer(shown, person('zoe'), '', 3)).toBe(shown);
    expect(names(withNewcomer(shown, person('carol'), '', 3))).toEqual(['bob', 'carol', 'dora']); // frank drops to page 2
  });
});
