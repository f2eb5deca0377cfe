import Database from 'better-sqlite3';
import { renameSync } from 'node:fs';
import request from 'supertest';
import { expectReadyWithin5s, RunningServer, startServer } from '../support/server';
import { createPostgresBehindProxy, describeWithPostgres, ProxiedTestDatabase } from '../support/services';

describe('readiness on SQLite', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite' });
  });
  afterAll(() => server.dispose());

  it('fails while another process holds the write lock, and recovers when it is released', async () => {
    const other = new Database(server.sqlitePath as string);
    other.exec('BEGIN IMMEDIATE');
    try {
      await expectReadyWithin5s(server, 503);
      const response = await request(server.url).get('/ready');
      expect(response.body).toMatchObject({ status: 'not ready', checks: { database: 'down' } });
      await request(server.url).get('/health').expect(200);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await expectReadyWithin5s(server, 200);
  });

  it('fails when the database file is gone, and recovers when it is back', async () => {
    const path = server.sqlitePath as string;
    renameSync(path, `${path}.moved`);
    try {
      await expectReadyWithin5s(server, 503);
      await request(server.url).get('/health').expect(200);
    } finally {
      renameSync(`${path}.moved`, path);
    }
    await expectReadyWithin5s(server, 200);
  });
});

describeWithPostgres('readiness on PostgreSQL', () => {
  let database: ProxiedTestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    database = await createPostgresBehindProxy();
    server = await startServer({ env: { DATABASE_URL: database.url } });
  });
  afterAll(async () => {
    await server?.dispose();
    await database?.drop();
  });

  it('answers 503 within 5 s of the connection being cut and 200 again when it returns, without a restart', async () => {
    await expectReadyWithin5s(server, 200);
    await database.proxy.cut();
    await expectReadyWithin5s(server, 503);
    await request(server.url).get('/health').expect(200);
    await database.proxy.restore();
    await expectReadyWithin5s(server, 200);
    expect(server.process.exitCode).toBeNull();
  });
});
