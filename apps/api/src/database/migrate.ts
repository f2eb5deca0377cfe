import type { DataSource } from 'typeorm';

/** An arbitrary, fixed key for PostgreSQL's advisory lock around migrations. */
const MIGRATION_LOCK_KEY = 7_263_144_109;

/**
 * Runs pending migrations, one instance at a time: on PostgreSQL, instances starting together take
 * turns on an advisory lock, and the later ones find nothing left to do. (SQLite has one instance.)
 */
export async function migrate(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}
