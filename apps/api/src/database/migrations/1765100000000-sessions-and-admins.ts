import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions (SPEC 10.7): one row per sign-in, i.e. per refresh-token family (`id` = `refresh_tokens.family_id`),
 * so a user can see and end them; and `users.deactivated_at` for administrators.
 *
 * Families still alive at the upgrade get a session each (user agent unknown), so nobody is signed out by it.
 * Index plan: a user's sessions (user_id); sessions ended recently, which every instance reads into its
 * revocation set at start and every few seconds after (ended_at).
 */
export class SessionsAndAdmins1765100000000 implements MigrationInterface {
  readonly name = 'SessionsAndAdmins1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.options.type === 'postgres';
    const uuid = pg ? 'uuid' : 'varchar(36)';
    const time = pg ? 'timestamptz(3)' : 'datetime';
    const statements = [
      `CREATE TABLE sessions (
        id ${uuid} PRIMARY KEY,
        user_id ${uuid} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at ${time} NOT NULL,
        last_used_at ${time} NOT NULL,
        expires_at ${time} NOT NULL,
        user_agent varchar(255),
        ended_at ${time},
        end_reason varchar(32)
      )`,
      `CREATE INDEX sessions_user_idx ON sessions (user_id)`,
      `CREATE INDEX sessions_ended_idx ON sessions (ended_at)`,
      `INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at)
        SELECT family_id, user_id, MIN(created_at), MAX(created_at), MAX(expires_at)
        FROM refresh_tokens WHERE revoked_at IS NULL GROUP BY family_id, user_id`,
      `ALTER TABLE users ADD COLUMN deactivated_at ${time}`,
    ];
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE users DROP COLUMN deactivated_at');
    await runner.query('DROP TABLE sessions');
  }
}
