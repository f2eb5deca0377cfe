import Database from 'better-sqlite3';
import { renameSync } from 'node:fs';
import request from 'supertest';
import { RunningServer, startServer } from '../support/server';
import { createPostgresDatabase, describeWithPostgres, TestDatabase } from '../support/services';
import { TcpProxy } from '@pneumatic/testing';

/** Polls `/ready` until it answers `status`, failing after 5 s (the promise operators rely on). */
async function expectReadyWithin5s(server: RunningServer, status: number): Promise<void> {
  const deadline = Date.now() + 5000;
  let last = 0;
  while (Date.now() < deadline) {
    last = (await request(server.url).get('/ready')).status;
    if (last === status) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`/ready answered ${last}, not ${status}, for 5 s`);
}

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
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: RunningServer;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    proxy = await TcpProxy.open({ host: '127.0.0.1', port: 5432 });
    const url = new URL(database.url);
    url.port = String(proxy.port);
    server = await startServer({ env: { DATABASE_URL: url.toString() } });
  });
  afterAll(async () => {
    await server?.dispose();
    await proxy?.close();
    await database?.drop();
  });

  it('answers 503 within 5 s of the connection being cut and 200 again when it returns, without a restart', async () => {
    await expectReadyWithin5s(server, 200);
    await proxy.cut();
    await expectReadyWithin5s(server, 503);
    await request(server.url).get('/health').expect(200);
    await proxy.restore();
    await expectReadyWithin5s(server, 200);
    expect(server.process.exitCode).toBeNull();
  });
});
