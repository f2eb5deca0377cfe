import Database from 'better-sqlite3';
import { Client } from 'pg';
import { RunningServer, startServer } from '../support/server';
import { describeWithPostgres } from '../support/services';

const MIGRATION_NAMES = [
  'InitialSchema1764115200000',
  'UserLastSeen1764201600000',
  'ChangeFeed1765000000000',
  'SessionsAndAdmins1765100000000',
  'Attachments1765200000000',
  'GroupRoles1765300000000',
  'Reactions1765400000000',
  'Replies1765450000000',
  'MessageSearch1765500000000',
  'Mute1765600000000',
  'Mentions1765700000000',
];
const TABLES = ['conversation_members', 'conversations', 'message_revisions', 'messages', 'refresh_tokens', 'sessions', 'users'];
const UNIQUE_INDEXES = [
  'conversations_direct_key_key',
  'messages_conversation_seq_key',
  'messages_conversation_change_seq_key',
  'messages_sender_message_id_key',
  'users_username_key',
];

describe('migrations on SQLite', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite' });
  });
  afterAll(() => server.dispose());

  it('create the whole schema at start-up, with WAL and the unique keys', () => {
    const db = new Database(server.sqlitePath as string, { readonly: true });
    try {
      const names = (sql: string) => (db.prepare(sql).all() as { name: string }[]).map((row) => row.name);
      expect(names("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).toEqual(
        expect.arrayContaining([...TABLES, 'migrations']),
      );
      expect(names("SELECT name FROM sqlite_master WHERE type = 'index'")).toEqual(expect.arrayContaining(UNIQUE_INDEXES));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(names('SELECT name FROM migrations ORDER BY id')).toEqual(MIGRATION_NAMES);
    } finally {
      db.close();
    }
  });

  it('run only once: a restart on the same file keeps the schema and applies nothing again', async () => {
    await server.stop();
    server = await server.restart();
    const db = new Database(server.sqlitePath as string, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM migrations').get()).toEqual({ n: MIGRATION_NAMES.length });
    } finally {
      db.close();
    }
  });
});

describeWithPostgres('migrations on PostgreSQL', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ database: 'postgres' });
  });
  afterAll(() => server.dispose());

  it('create the whole schema at start-up with native uuid and timestamptz columns', async () => {
    const client = new Client({ connectionString: server.databaseUrl as string });
    await client.connect();
    try {
      const tables = await client.query("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.rows.map((row) => row.name)).toEqual(expect.arrayContaining([...TABLES, 'migrations']));
      const indexes = await client.query("SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'");
      expect(indexes.rows.map((row) => row.name)).toEqual(expect.arrayContaining(UNIQUE_INDEXES));
      const types = await client.query(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'messages' AND column_name IN ('id', 'created_at')",
      );
      expect(Object.fromEntries(types.rows.map((row) => [row.column_name, row.data_type]))).toEqual({
        id: 'uuid',
        created_at: 'timestamp with time zone',
      });
    } finally {
      await client.end();
    }
  });
});
