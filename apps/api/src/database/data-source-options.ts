import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { MIGRATIONS } from './migrations';

/** Options shared by every database: migrations (run at start-up by `migrate`), never synchronisation. */
const COMMON = {
  migrations: [...MIGRATIONS],
  migrationsRun: false,
  migrationsTransactionMode: 'each' as const,
  synchronize: false,
  logging: false,
};

/** How long a writer waits for a SQLite lock held by another connection before giving up. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

export function dataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  if (database.kind === 'postgres') {
    return {
      ...COMMON,
      type: 'postgres',
      url: database.url,
      // pg-pool also applies this to waiting for a free pooled connection: a short value would turn a burst of
      // requests (200 sends into one conversation) into 503s. A dead server is noticed sooner by /ready's own timeout.
      connectTimeoutMS: 10_000,
      extra: {
        max: 10,
        idleTimeoutMillis: 30_000,
        // Never let a request wait forever for a stuck query or a dead server.
        statement_timeout: 10_000,
        query_timeout: 12_000,
        application_name: 'pneumatic',
      },
    };
  }
  if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
  if (database.driver === 'sqlite3') {
    return { ...COMMON, type: 'sqlite', database: database.path, enableWAL: true, busyTimeout: SQLITE_BUSY_TIMEOUT_MS };
  }
  return {
    ...COMMON,
    type: 'better-sqlite3',
    database: database.path,
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
  };
}
