import { randomBytes } from 'node:crypto';
import { TcpProxy } from '@pneumatic/testing';
import { Client } from 'pg';

export const POSTGRES_ADMIN_URL = process.env['E2E_POSTGRES_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env['E2E_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export const hasPostgres = (): boolean => process.env['E2E_POSTGRES'] === '1';
export const hasRedis = (): boolean => process.env['E2E_REDIS'] === '1';

/**
 * `describe` where `runs`; elsewhere the block is skipped under a name that says why. (With REQUIRE_SERVICES=1, as in
 * CI, global-setup fails instead when PostgreSQL or Redis is missing, so only the database choice skips there.)
 */
export const describeWhen =
  (runs: boolean, why: string) =>
  (name: string, body: () => void): void =>
    runs ? describe(name, body) : describe.skip(`${name} (skipped: ${why})`, body);

/** `describe` where PostgreSQL answers; elsewhere the suite is skipped (global-setup printed why). */
export const describeWithPostgres = (name: string, body: () => void): void =>
  describeWhen(hasPostgres(), 'PostgreSQL does not answer')(name, body);

export const describeWithRedis = (name: string, body: () => void): void => describeWhen(hasRedis(), 'Redis does not answer')(name, body);

/** Which database the suites that run on "the" database use: SQLite unless E2E_DB=postgres. */
export const e2eDatabase = (): 'sqlite' | 'postgres' => (process.env['E2E_DB'] === 'postgres' ? 'postgres' : 'sqlite');

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh, empty PostgreSQL database of its own, so runs never see each other's data. */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `pneumatic_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface ProxiedTestDatabase extends TestDatabase {
  /** Cut it to take the database away from the server; restore it to bring the database back. */
  readonly proxy: TcpProxy;
}

/** A fresh PostgreSQL database that the server reaches only through a TCP proxy the test can cut. */
export async function createPostgresBehindProxy(): Promise<ProxiedTestDatabase> {
  const database = await createPostgresDatabase();
  const direct = new URL(database.url);
  const proxy = await TcpProxy.open({ host: direct.hostname, port: Number(direct.port || 5432) });
  const url = new URL(database.url);
  url.port = String(proxy.port);
  return {
    url: url.toString(),
    proxy,
    drop: async () => {
      await proxy.close();
      await database.drop();
    },
  };
}
