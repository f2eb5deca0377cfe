import { DataSource } from 'typeorm';
import { MIGRATIONS } from '.';
import { SessionsAndAdmins1765100000000 } from './1765100000000-sessions-and-admins';

/** The upgrade of a database that already has users and sign-ins: nobody is signed out by it. */
describe('migration SessionsAndAdmins1765100000000 (SQLite)', () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      migrations: MIGRATIONS.filter((m) => m !== SessionsAndAdmins1765100000000),
    }).initialize();
    await dataSource.runMigrations();
    await dataSource.query(
      `INSERT INTO users (id, username, password_hash, created_at) VALUES ('u1', 'alice', 'h', '2026-12-01 09:00:00.000')`,
    );
    const token = (id: string, family: string, created: string, expires: string, revoked: string | null) =>
      dataSource.query(
        'INSERT INTO refresh_tokens (id, family_id, user_id, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)',
        [id, family, 'u1', created, expires, revoked],
      );
    // A live family rotated once, and a family logged out.
    await token('t1', 'live', '2026-12-01 10:00:00.000', '2026-12-08 10:00:00.000', null);
    await token('t2', 'live', '2026-12-02 10:00:00.000', '2026-12-09 10:00:00.000', null);
    await token('t3', 'gone', '2026-12-01 11:00:00.000', '2026-12-08 11:00:00.000', '2026-12-01 12:00:00.000');
  });
  afterEach(() => dataSource.destroy());

  const migration = new SessionsAndAdmins1765100000000();
  const upgrade = async () => {
    const runner = dataSource.createQueryRunner();
    await migration.up(runner);
    await runner.release();
  };

  it('gives every live refresh-token family a session, from its first sign-in to its last rotation', async () => {
    await upgrade();
    expect(await dataSource.query('SELECT id, user_id, created_at, last_used_at, expires_at, user_agent, ended_at FROM sessions')).toEqual([
      {
        id: 'live',
        user_id: 'u1',
        created_at: '2026-12-01 10:00:00.000',
        last_used_at: '2026-12-02 10:00:00.000',
        expires_at: '2026-12-09 10:00:00.000',
        user_agent: null,
        ended_at: null,
      },
    ]);
  });

  it('adds an empty deactivated_at to every user, and can be undone', async () => {
    await upgrade();
    expect(await dataSource.query('SELECT deactivated_at FROM users')).toEqual([{ deactivated_at: null }]);
    const runner = dataSource.createQueryRunner();
    await migration.down(runner);
    await runner.release();
    expect(await dataSource.query("SELECT name FROM sqlite_master WHERE name = 'sessions'")).toEqual([]);
  });
});
