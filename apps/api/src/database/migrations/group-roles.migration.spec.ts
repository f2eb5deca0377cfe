import { DataSource } from 'typeorm';
import { MIGRATIONS } from '.';
import { GroupRoles1765300000000 } from './1765300000000-group-roles';

/** The upgrade of a database with groups, 1-on-1s and messages from before roles existed. */
describe('migration GroupRoles1765300000000 (SQLite)', () => {
  let dataSource: DataSource;
  const migration = new GroupRoles1765300000000();
  const run = async (step: 'up' | 'down') => {
    const runner = dataSource.createQueryRunner();
    await migration[step](runner);
    await runner.release();
  };

  beforeEach(async () => {
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      migrations: MIGRATIONS.filter((m) => m !== GroupRoles1765300000000),
    }).initialize();
    await dataSource.runMigrations();
    const at = '2026-12-01 09:00:00.000';
    for (const [id, name] of [
      ['u1', 'alice'],
      ['u2', 'bob'],
    ]) {
      await dataSource.query('INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)', [id, name, 'h', at]);
    }
    for (const [id, group] of [
      ['group', 1],
      ['direct', 0],
    ] as const) {
      await dataSource.query('INSERT INTO conversations (id, is_group, last_seq, created_at, updated_at) VALUES (?, ?, 1, ?, ?)', [
        id,
        group,
        at,
        at,
      ]);
      for (const user of ['u1', 'u2']) {
        await dataSource.query(
          'INSERT INTO conversation_members (conversation_id, user_id, joined_at, last_read_seq) VALUES (?, ?, ?, 0)',
          [id, user, at],
        );
      }
    }
    await dataSource.query(
      "INSERT INTO messages (id, message_id, sender_id, conversation_id, seq, change_seq, content, created_at) VALUES ('m1', 'k1', 'u1', 'group', 1, 1, 'hi', ?)",
      [at],
    );
  });
  afterEach(() => dataSource.destroy());

  it('makes every member of an existing group an admin, and nobody of a 1-on-1', async () => {
    await run('up');
    expect(
      await dataSource.query('SELECT conversation_id, user_id, role FROM conversation_members ORDER BY conversation_id, user_id'),
    ).toEqual([
      { conversation_id: 'direct', user_id: 'u1', role: 'member' },
      { conversation_id: 'direct', user_id: 'u2', role: 'member' },
      { conversation_id: 'group', user_id: 'u1', role: 'admin' },
      { conversation_id: 'group', user_id: 'u2', role: 'admin' },
    ]);
  });

  it('makes every existing message a user message, and can be undone', async () => {
    await run('up');
    expect(await dataSource.query('SELECT kind, system FROM messages')).toEqual([{ kind: 'user', system: null }]);
    await run('down');
    const columns = (await dataSource.query('PRAGMA table_info(messages)')).map((c: { name: string }) => c.name);
    expect(columns).not.toContain('kind');
  });
});
