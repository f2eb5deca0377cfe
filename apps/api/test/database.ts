import type { ModuleMetadata } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppConfigModule } from '../src/config/config.module';
import { EventsModule } from '../src/core/events/events.module';
import { RedisModule } from '../src/core/redis/redis.module';
import { DatabaseModule } from '../src/database/database.module';
import { testConfig } from './test-service';

/**
 * A Nest module over a real, migrated SQLite database (in memory unless a file is named): for repository specs,
 * which test SQL against a real database rather than fakes.
 */
export async function createDatabaseTestingModule(
  imports: ModuleMetadata['imports'] = [],
  sqlitePath = ':memory:',
): Promise<TestingModule> {
  const module = await Test.createTestingModule({
    imports: [AppConfigModule.forRoot(testConfig({ SQLITE_PATH: sqlitePath })), EventsModule, RedisModule, DatabaseModule, ...imports],
  }).compile();
  await module.init();
  return module;
}

const POSTGRES_ADMIN_URL = process.env['E2E_POSTGRES_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The same over a fresh, migrated PostgreSQL database of its own, or null where PostgreSQL does not answer (the spec
 * then skips). `drop` closes the module and removes the database.
 */
export async function createPostgresTestingModule(
  imports: ModuleMetadata['imports'] = [],
): Promise<{ module: TestingModule; drop(): Promise<void> } | null> {
  const name = `pneumatic_unit_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query(sql);
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  try {
    await admin(`CREATE DATABASE ${name}`);
  } catch {
    return null;
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const module = await Test.createTestingModule({
    imports: [AppConfigModule.forRoot(testConfig({ DATABASE_URL: url.toString() })), EventsModule, RedisModule, DatabaseModule, ...imports],
  }).compile();
  await module.init();
  return {
    module,
    drop: async () => {
      await module.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
