import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { RunningServer } from '../support/server';

const TABLES = ['users', 'conversations', 'conversation_members', 'messages', 'refresh_tokens', 'sessions', 'attachments'] as const;
/** Presence writes this when a device connects or leaves: not something bad input may change, but not input either. */
const VOLATILE_COLUMNS = new Set(['last_seen_at']);

export type DatabaseSnapshot = Record<(typeof TABLES)[number], Record<string, unknown>[]>;

/**
 * Every row of every product table, read straight from the server's database (the SQLite file opened
 * read-only, or the PostgreSQL database), so "nothing was written" is checked below the API.
 */
export async function snapshotDatabase(server: RunningServer): Promise<DatabaseSnapshot> {
  const rows = server.databaseUrl ? await readPostgres(server.databaseUrl) : readSqlite(server.sqlitePath ?? '');
  const snapshot = {} as DatabaseSnapshot;
  for (const table of TABLES) {
    snapshot[table] = rows[table].map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !VOLATILE_COLUMNS.has(column))));
  }
  return snapshot;
}

function readSqlite(path: string): Record<string, Record<string, unknown>[]> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(
      TABLES.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all() as Record<string, unknown>[]]),
    );
  } finally {
    db.close();
  }
}

async function readPostgres(url: string): Promise<Record<string, Record<string, unknown>[]>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const table of TABLES) out[table] = (await client.query(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows;
    return out;
  } finally {
    await client.end();
  }
}
