import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments and avatars (SPEC 10.6).
 *
 * `attachments`: one row per upload. `message_id` is null until a message takes it (an orphan, deleted after
 * ATTACHMENT_ORPHAN_TTL); `deleted_at` is set in the transaction that deletes its message, and the row goes once its
 * files are gone from storage. `messages.attachments` holds the wire metadata of a message's files as JSON (null for
 * none): every read of a message has them without a join, and the send path without attachments writes nothing more.
 * `users.avatar_id` names the current avatar's stored picture.
 *
 * Index plan: a message's files (message_id); the orphan sweep, uploads not in a message by age (partial on
 * message_id IS NULL); the purge of deleted files (partial on deleted_at IS NOT NULL). Both dialects have partial indexes.
 */
export class Attachments1765200000000 implements MigrationInterface {
  readonly name = 'Attachments1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.options.type === 'postgres';
    const uuid = pg ? 'uuid' : 'varchar(36)';
    const time = pg ? 'timestamptz(3)' : 'datetime';
    const statements = [
      `CREATE TABLE attachments (
        id ${uuid} PRIMARY KEY,
        uploader_id ${uuid} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        message_id ${uuid},
        conversation_id ${uuid},
        filename varchar(255) NOT NULL,
        content_type varchar(255) NOT NULL,
        size bigint NOT NULL,
        width integer,
        height integer,
        storage_key varchar(255) NOT NULL,
        thumbnail_key varchar(255),
        thumbnail_size integer,
        etag varchar(64) NOT NULL,
        created_at ${time} NOT NULL,
        deleted_at ${time}
      )`,
      'CREATE INDEX attachments_message_idx ON attachments (message_id)',
      'CREATE INDEX attachments_orphan_idx ON attachments (created_at) WHERE message_id IS NULL',
      'CREATE INDEX attachments_deleted_idx ON attachments (deleted_at) WHERE deleted_at IS NOT NULL',
      'ALTER TABLE messages ADD COLUMN attachments text',
      `ALTER TABLE users ADD COLUMN avatar_id ${uuid}`,
    ];
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE users DROP COLUMN avatar_id');
    await runner.query('ALTER TABLE messages DROP COLUMN attachments');
    await runner.query('DROP TABLE attachments');
  }
}
