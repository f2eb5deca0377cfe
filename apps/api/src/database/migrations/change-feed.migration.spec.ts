import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '.';
import { ChangeFeed1765000000000 } from './1765000000000-change-feed';

/** Opens the file with the migrations up to (and without) `until`, or all of them, and runs what is pending. */
async function open(file: string, until?: unknown): Promise<DataSource> {
  const upTo = until ? MIGRATIONS.indexOf(until as (typeof MIGRATIONS)[number]) : MIGRATIONS.length;
  const dataSource = await new DataSource({ type: 'better-sqlite3', database: file, migrations: MIGRATIONS.slice(0, upTo) }).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

describe('the change-feed migration on a database from before it (SQLite)', () => {
  let dir: string;
  let dataSource: DataSource | undefined;

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pneumatic-migration-'))));
  afterEach(async () => {
    await dataSource?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives existing messages change_seq = seq and their conversations last_change_seq = last_seq', async () => {
    const file = join(dir, 'old.sqlite');
    const old = await open(file, ChangeFeed1765000000000);
    await old.query("INSERT INTO users (id, username, password_hash, created_at) VALUES ('u1', 'alice', 'h', '2026-01-01 00:00:00.000')");
    await old.query(
      "INSERT INTO conversations (id, is_group, last_seq, created_at, updated_at) VALUES ('c1', 1, 3, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')",
    );
    for (const seq of [1, 2, 3]) {
      await old.query(
        `INSERT INTO messages (id, message_id, sender_id, conversation_id, seq, content, created_at) VALUES ('m${seq}', 'k${seq}', 'u1', 'c1', ${seq}, 'text ${seq}', '2026-01-01 00:00:00.000')`,
      );
    }
    await old.destroy();

    dataSource = await open(file);
    expect(await dataSource.query('SELECT id, seq, change_seq, edited_at, deleted_at FROM messages ORDER BY seq')).toEqual([
      { id: 'm1', seq: 1, change_seq: 1, edited_at: null, deleted_at: null },
      { id: 'm2', seq: 2, change_seq: 2, edited_at: null, deleted_at: null },
      { id: 'm3', seq: 3, change_seq: 3, edited_at: null, deleted_at: null },
    ]);
    expect(await dataSource.query('SELECT last_seq, last_change_seq FROM conversations')).toEqual([{ last_seq: 3, last_change_seq: 3 }]);
  });
});
