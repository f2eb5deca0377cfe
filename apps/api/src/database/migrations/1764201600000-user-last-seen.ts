import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When a user's last device went offline: shown as "last seen" and kept across restarts. */
export class UserLastSeen1764201600000 implements MigrationInterface {
  readonly name = 'UserLastSeen1764201600000';

  async up(runner: QueryRunner): Promise<void> {
    const time = runner.connection.options.type === 'postgres' ? 'timestamptz(3)' : 'datetime';
    await runner.query(`ALTER TABLE users ADD COLUMN last_seen_at ${time}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE users DROP COLUMN last_seen_at');
  }
}
