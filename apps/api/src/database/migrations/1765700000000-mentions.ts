import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mentions (SPEC 10.3). `messages.mentions` holds the mentioned user ids as JSON text (null for none, the usual case),
 * read with the message at no extra cost. `message_mentions` holds the same facts as rows, with the message's seq, so
 * a member's unread mentions are one index range count: (user, conversation, seq above the read marker). Both are
 * written in the transaction that stores, edits or deletes the message; a deleted message has neither.
 */
export class Mentions1765700000000 implements MigrationInterface {
  readonly name = 'Mentions1765700000000';

  async up(runner: QueryRunner): Promise<void> {
    const uuid = runner.connection.options.type === 'postgres' ? 'uuid' : 'varchar(36)';
    await runner.query('ALTER TABLE messages ADD COLUMN mentions text');
    await runner.query(
      `CREATE TABLE message_mentions (
        message_id ${uuid} NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        user_id ${uuid} NOT NULL,
        conversation_id ${uuid} NOT NULL,
        seq integer NOT NULL,
        PRIMARY KEY (message_id, user_id)
      )`,
    );
    await runner.query('CREATE INDEX message_mentions_unread_idx ON message_mentions (user_id, conversation_id, seq)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE message_mentions');
    await runner.query('ALTER TABLE messages DROP COLUMN mentions');
  }
}
