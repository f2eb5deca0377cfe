import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change feed of SPEC 10.1 and the edits and deletions of 10.2.
 *
 * - conversations.last_change_seq: a second per-conversation counter; every creation, edit, deletion (and later
 *   reaction) takes the next value in the same transaction, and the message stores it as change_seq.
 * - messages.change_seq, unique per conversation like seq, indexed so that "what changed after N" is one range scan.
 *   Existing messages take change_seq = seq (each was changed exactly once: when it was sent), so a client catching up
 *   from 0 on an upgraded database gets every message.
 * - messages.edited_at / deleted_at, and message_revisions: the texts an edit replaced, gone with their message.
 */
export class ChangeFeed1765000000000 implements MigrationInterface {
  readonly name = 'ChangeFeed1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.options.type === 'postgres';
    const uuid = pg ? 'uuid' : 'varchar(36)';
    const time = pg ? 'timestamptz(3)' : 'datetime';
    const statements = [
      'ALTER TABLE conversations ADD COLUMN last_change_seq integer NOT NULL DEFAULT 0',
      'ALTER TABLE messages ADD COLUMN change_seq integer NOT NULL DEFAULT 0',
      `ALTER TABLE messages ADD COLUMN edited_at ${time}`,
      `ALTER TABLE messages ADD COLUMN deleted_at ${time}`,
      'UPDATE messages SET change_seq = seq',
      'UPDATE conversations SET last_change_seq = last_seq',
      'CREATE UNIQUE INDEX messages_conversation_change_seq_key ON messages (conversation_id, change_seq)',
      `CREATE TABLE message_revisions (
        id ${uuid} PRIMARY KEY,
        message_id ${uuid} NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        content text NOT NULL,
        edited_at ${time} NOT NULL,
        change_seq integer NOT NULL
      )`,
      // change_seq is that of the edit that replaced the text: it orders a message's revisions even within a millisecond.
      'CREATE INDEX message_revisions_message_idx ON message_revisions (message_id, change_seq)',
    ];
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE message_revisions');
    await runner.query('DROP INDEX messages_conversation_change_seq_key');
    for (const column of ['deleted_at', 'edited_at', 'change_seq']) await runner.query(`ALTER TABLE messages DROP COLUMN ${column}`);
    await runner.query('ALTER TABLE conversations DROP COLUMN last_change_seq');
  }
}
