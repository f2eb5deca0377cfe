import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replies (SPEC 10.3): a message may name the message it answers. The preview a reply shows is never stored — it is
 * read from the original as it is now, by primary key, so an edit or deletion of the original shows in every answer.
 */
export class Replies1765450000000 implements MigrationInterface {
  readonly name = 'Replies1765450000000';

  async up(runner: QueryRunner): Promise<void> {
    const uuid = runner.connection.options.type === 'postgres' ? 'uuid' : 'varchar(36)';
    await runner.query(`ALTER TABLE messages ADD COLUMN reply_to_id ${uuid}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE messages DROP COLUMN reply_to_id');
  }
}
