import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole schema of SPEC section 3, written out per dialect so each database gets its natural types
 * (uuid and timestamptz on PostgreSQL; text with ISO-like UTC times on SQLite).
 *
 * Index plan — every hot query is one index range scan:
 * - history pages (`before_seq`, `after_seq`, newest N): the unique (conversation_id, seq) index;
 * - idempotent sends: the unique (sender_id, message_id) index;
 * - a user's conversations: conversation_members (user_id, conversation_id);
 * - one 1-on-1 per pair: the unique conversations.direct_key;
 * - refresh-token families: refresh_tokens (family_id).
 */
export class InitialSchema1764115200000 implements MigrationInterface {
  readonly name = 'InitialSchema1764115200000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.options.type === 'postgres';
    const uuid = pg ? 'uuid' : 'varchar(36)';
    const time = pg ? 'timestamptz(3)' : 'datetime';
    const statements = [
      `CREATE TABLE users (
        id ${uuid} PRIMARY KEY,
        username varchar(32) NOT NULL,
        full_name varchar(100),
        password_hash varchar(255) NOT NULL,
        created_at ${time} NOT NULL
      )`,
      // Usernames are stored NFKC-normalised and lower-cased, so a plain unique index is case-insensitive.
      `CREATE UNIQUE INDEX users_username_key ON users (username)`,
      `CREATE TABLE conversations (
        id ${uuid} PRIMARY KEY,
        title varchar(100),
        is_group boolean NOT NULL,
        direct_key varchar(80),
        last_seq integer NOT NULL DEFAULT 0,
        created_at ${time} NOT NULL,
        updated_at ${time} NOT NULL
      )`,
      `CREATE UNIQUE INDEX conversations_direct_key_key ON conversations (direct_key)`,
      `CREATE TABLE conversation_members (
        conversation_id ${uuid} NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        user_id ${uuid} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        joined_at ${time} NOT NULL,
        last_read_seq integer NOT NULL DEFAULT 0,
        PRIMARY KEY (conversation_id, user_id)
      )`,
      `CREATE INDEX conversation_members_user_idx ON conversation_members (user_id, conversation_id)`,
      `CREATE TABLE messages (
        id ${uuid} PRIMARY KEY,
        message_id varchar(64) NOT NULL,
        sender_id ${uuid} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        conversation_id ${uuid} NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        content text NOT NULL,
        created_at ${time} NOT NULL
      )`,
      `CREATE UNIQUE INDEX messages_conversation_seq_key ON messages (conversation_id, seq)`,
      `CREATE UNIQUE INDEX messages_sender_message_id_key ON messages (sender_id, message_id)`,
      `CREATE TABLE refresh_tokens (
        id ${uuid} PRIMARY KEY,
        family_id ${uuid} NOT NULL,
        user_id ${uuid} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        expires_at ${time} NOT NULL,
        created_at ${time} NOT NULL,
        used_at ${time},
        replaced_by ${uuid},
        revoked_at ${time}
      )`,
      `CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`,
      `CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id)`,
    ];
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['refresh_tokens', 'messages', 'conversation_members', 'conversations', 'users']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
