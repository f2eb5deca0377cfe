import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '.';
import { MessageSearch1765500000000 } from './1765500000000-message-search';
import { tokenize } from '../../modules/search/search-text';

const ADMIN_URL = process.env['E2E_POSTGRES_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BEFORE = MIGRATIONS.slice(0, MIGRATIONS.indexOf(MessageSearch1765500000000));
const T = '2026-01-01 00:00:0';

interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  open(migrations: readonly unknown[]): Promise<DataSource>;
  /** The message ids (m1 …) whose text matches `words`, as the product's queries look them up. */
  find(db: DataSource, words: string): Promise<string[]>;
  cleanup(): Promise<void>;
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const label = (id: string) => `m${Number(id.slice(-12))}`;

const sqliteDir = mkdtempSync(join(tmpdir(), 'pneumatic-search-migration-'));
const sqliteFile = (name: string): Dialect => ({
  name: 'sqlite',
  async open(migrations) {
    const file = join(sqliteDir, name);
    const db = await new DataSource({ type: 'better-sqlite3', database: file, migrations: [...migrations] as never }).initialize();
    await db.runMigrations({ transaction: 'each' });
    return db;
  },
  async find(db, words) {
    const match = words
      .split(' ')
      .map((w) => `"${w}"`)
      .join(' AND ');
    const rows: { message_id: string }[] = await db.query(
      'SELECT d.message_id FROM message_search s JOIN message_search_docs d ON d.doc_id = s.rowid WHERE message_search MATCH ? ORDER BY s.rowid',
      [match],
    );
    return rows.map((row) => label(row.message_id));
  },
  cleanup: async () => rmSync(join(sqliteDir, name), { force: true }),
});
afterAll(() => rmSync(sqliteDir, { recursive: true, force: true }));

function postgres(): Dialect {
  const name = `pneumatic_unit_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  let db: DataSource | undefined;
  return {
    name: 'postgres',
    async open(migrations) {
      if (!db) await admin(`CREATE DATABASE ${name}`);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${name}`;
      db = await new DataSource({ type: 'postgres', url: url.toString(), migrations: [...migrations] as never }).initialize();
      await db.runMigrations({ transaction: 'each' });
      return db;
    },
    async find(source, words) {
      const rows: { message_id: string }[] = await source.query(
        'SELECT message_id FROM message_search_docs WHERE vector @@ $1::tsquery ORDER BY doc_id',
        [
          words
            .split(' ')
            .map((w) => `'${w}'`)
            .join(' & '),
        ],
      );
      return rows.map((row) => label(row.message_id));
    },
    cleanup: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function postgresAnswers(): Promise<boolean> {
  const client = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

describe.each([['sqlite'], ['postgres']] as const)('the message-search migration (%s)', (kind) => {
  let dialect: Dialect;
  let db: DataSource;
  let skip = false;

  /** `$n` placeholders on both (re-ordered as `?` for SQLite). */
  const run = (sql: string, params: unknown[]) => {
    if (kind === 'postgres') return db.query(sql, params);
    const values: unknown[] = [];
    return db.query(
      sql.replace(/\$(\d)/g, (_, n: string) => (values.push(params[Number(n) - 1]), '?')),
      values,
    );
  };
  const insert = (n: number, content: string, deleted = false) =>
    run(
      `INSERT INTO messages (id, message_id, sender_id, conversation_id, seq, change_seq, content, created_at, deleted_at)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)`,
      [uuid(n), `k${n}`, uuid(900), uuid(901), n, content, `${T}${n}.000`, deleted ? `${T}${n}.500` : null],
    );

  beforeAll(async () => {
    skip = kind === 'postgres' && !(await postgresAnswers());
    if (skip) {
      process.stdout.write('PostgreSQL does not answer at 127.0.0.1:5432: the PostgreSQL half of this suite is skipped\n');
      return;
    }
    dialect = kind === 'sqlite' ? sqliteFile('chat.sqlite') : postgres();
    db = await dialect.open(BEFORE);
    await run("INSERT INTO users (id, username, password_hash, created_at) VALUES ($1, 'alice', 'h', '2026-01-01 00:00:00.000')", [
      uuid(900),
    ]);
    await run(
      "INSERT INTO conversations (id, is_group, last_seq, created_at, updated_at) VALUES ($1, true, 3, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')",
      [uuid(901)],
    );
    await insert(1, 'Crème brûlée for Zoë');
    await insert(2, 'the deleted creme', true);
    await insert(3, 'CREME fraiche, e-mail me');
    await db.destroy();
    db = await dialect.open(MIGRATIONS);
  });
  afterAll(async () => {
    if (skip) return;
    await db.destroy();
    await dialect.cleanup();
  });

  it('indexes the messages that existed, oldest first, without the deleted ones, folding case and accents', async () => {
    if (skip) return;
    expect(await dialect.find(db, 'creme')).toEqual(['m1', 'm3']);
    expect(await dialect.find(db, 'zoe')).toEqual(['m1']);
    expect(await dialect.find(db, 'e mail')).toEqual(['m3']);
    expect(await dialect.find(db, 'deleted')).toEqual([]);
  });

  it('indexes a new message in the same statement that stores it', async () => {
    if (skip) return;
    await insert(4, 'ÉCLAIR au café');
    expect(await dialect.find(db, 'eclair cafe')).toEqual(['m4']);
  });

  it('finds an edited message by its new text only', async () => {
    if (skip) return;
    await run('UPDATE messages SET content = $2 WHERE id = $1', [uuid(4), 'a macaron now']);
    expect(await dialect.find(db, 'eclair')).toEqual([]);
    expect(await dialect.find(db, 'macaron')).toEqual(['m4']);
  });

  it('forgets a deleted message, and one removed from the table', async () => {
    if (skip) return;
    await run("UPDATE messages SET content = '', deleted_at = $2 WHERE id = $1", [uuid(1), `${T}9.000`]);
    expect(await dialect.find(db, 'creme')).toEqual(['m3']);
    await run('DELETE FROM messages WHERE id = $1', [uuid(3)]);
    expect(await dialect.find(db, 'creme')).toEqual([]);
    expect(await db.query('SELECT count(*) AS n FROM message_search_docs')).toEqual([{ n: kind === 'sqlite' ? 1 : '1' }]);
  });

  it('can be undone', async () => {
    if (skip) return;
    // Later migrations are undone first, then this one.
    const later = MIGRATIONS.length - 1 - MIGRATIONS.indexOf(MessageSearch1765500000000);
    for (let undone = 0; undone <= later; undone++) await db.undoLastMigration();
    const tables: unknown[] = await db.query(
      kind === 'sqlite'
        ? "SELECT name FROM sqlite_master WHERE name LIKE 'message_search%'"
        : "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'message_search%'",
    );
    expect(tables).toEqual([]);
  });
});

describe.each([['sqlite'], ['postgres']] as const)('the message-search migration with system messages (%s)', (kind) => {
  it('never indexes a system message (SPEC 10.4), existing or new', async () => {
    if (kind === 'postgres' && !(await postgresAnswers())) return;
    const dialect = kind === 'sqlite' ? sqliteFile('system.sqlite') : postgres();
    let db = await dialect.open(BEFORE);
    const p = (n: number) => (kind === 'sqlite' ? '?' : `$${n}`);
    try {
      // The column of migration 1765300000000 (group roles), where it is not there yet.
      const runner = db.createQueryRunner();
      if (!(await runner.hasColumn('messages', 'kind')))
        await runner.query("ALTER TABLE messages ADD COLUMN kind varchar(16) NOT NULL DEFAULT 'user'");
      await runner.release();
      await db.query(
        `INSERT INTO users (id, username, password_hash, created_at) VALUES (${p(1)}, 'alice', 'h', '2026-01-01 00:00:00.000')`,
        [uuid(900)],
      );
      await db.query(
        `INSERT INTO conversations (id, is_group, last_seq, created_at, updated_at) VALUES (${p(1)}, true, 0, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')`,
        [uuid(901)],
      );
      const insert = (n: number, content: string, messageKind: string) =>
        db.query(
          `INSERT INTO messages (id, message_id, sender_id, conversation_id, seq, change_seq, content, created_at, kind)
           VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(', ')})`,
          [uuid(n), `k${n}`, uuid(900), uuid(901), n, n, content, `${T}${n}.000`, messageKind],
        );
      await insert(1, 'alice renamed the group to creme', 'system');
      await insert(2, 'creme for everyone', 'user');
      await db.destroy();
      db = await dialect.open(MIGRATIONS);
      await insert(3, 'alice added creme lovers', 'system');
      await insert(4, 'more creme', 'user');
      expect(await dialect.find(db, 'creme')).toEqual(['m2', 'm4']);
    } finally {
      await db.destroy();
      await dialect.cleanup();
    }
  });
});

describe('pneumatic_search_text on PostgreSQL', () => {
  it('cuts every code point into the words SQLite and the query parser see', async () => {
    if (!(await postgresAnswers())) return void process.stdout.write('PostgreSQL does not answer: skipped\n');
    const dialect = postgres();
    const db = await dialect.open(MIGRATIONS);
    try {
      const differing: string[] = [];
      for (let first = 0x20; first <= 0x1ffff; first += 4096) {
        const texts: string[] = [];
        for (let codePoint = first; codePoint < first + 4096; codePoint++) {
          if (codePoint < 0xd800 || codePoint > 0xdfff) texts.push(`a${String.fromCodePoint(codePoint)}b`);
        }
        const rows: { i: number; words: string }[] = await db.query(
          `SELECT t.i, (SELECT string_agg(u.word, ' ' ORDER BY w.place) FROM unnest(pneumatic_search_vector(t.text)) AS u(word, places, weights),
             unnest(u.places) AS w(place)) AS words
           FROM unnest($1::text[]) WITH ORDINALITY AS t(text, i)`,
          [texts],
        );
        for (const row of rows) {
          const text = texts[Number(row.i) - 1];
          if (
            (row.words ?? '') !==
            tokenize(text)
              .map((t) => t.term)
              .join(' ')
          )
            differing.push(text.codePointAt(1)?.toString(16) as string);
        }
      }
      expect(differing).toEqual([]);
    } finally {
      await db.destroy();
      await dialect.cleanup();
    }
  }, 60_000);
});
