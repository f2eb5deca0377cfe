import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Groups that people manage (SPEC 10.4).
 *
 * - conversation_members.role: 'admin' or 'member'. Nobody managed a group before, so every member of an existing
 *   group becomes an admin (each had the same standing; none loses a power they had). 1-on-1s have no admins.
 * - messages.kind ('user' | 'system') and messages.system: what a system message records, as JSON text
 *   ({type, actor_id, user_ids, title}); null for a user's message.
 */
export class GroupRoles1765300000000 implements MigrationInterface {
  readonly name = 'GroupRoles1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    const statements = [
      "ALTER TABLE conversation_members ADD COLUMN role varchar(16) NOT NULL DEFAULT 'member'",
      `UPDATE conversation_members SET role = 'admin'
        WHERE conversation_id IN (SELECT id FROM conversations WHERE is_group = ${runner.connection.options.type === 'postgres' ? 'true' : '1'})`,
      "ALTER TABLE messages ADD COLUMN kind varchar(16) NOT NULL DEFAULT 'user'",
      'ALTER TABLE messages ADD COLUMN system text',
    ];
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE messages DROP COLUMN system');
    await runner.query('ALTER TABLE messages DROP COLUMN kind');
    await runner.query('ALTER TABLE conversation_members DROP COLUMN role');
  }
}
