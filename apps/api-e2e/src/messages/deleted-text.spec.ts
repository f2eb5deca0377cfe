import BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import request from 'supertest';
import { registerUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { describeWhen, e2eDatabase } from '../support/services';

/** Whether the file holds the text, as bytes (UTF-8), anywhere. */
const fileHolds = (path: string, text: string) => existsSync(path) && readFileSync(path).includes(Buffer.from(text, 'utf8'));

const describeOnSqlite = describeWhen(e2eDatabase() === 'sqlite', 'reads the SQLite file itself');

/** SPEC 10.2: a deleted message's text is gone from the database — not hidden, gone from the file itself. */
describeOnSqlite('a deleted message on SQLite', () => {
  let server: RunningServer;
  afterAll(() => server?.dispose());

  it('leaves neither its text nor its earlier texts anywhere in the database file', async () => {
    server = await startServer();
    const [alice, bob] = await Promise.all([registerUser(server, 'alice'), registerUser(server, 'bob')]);
    const room = (
      await request(server.url)
        .post('/conversations')
        .set('Authorization', alice.bearer)
        .send({ member_ids: [bob.user.id] })
    ).body;
    const [first, second] = [`first-${randomBytes(8).toString('hex')}`, `second-${randomBytes(8).toString('hex')}`];
    const sent = (
      await request(server.url)
        .post('/messages')
        .set('Authorization', alice.bearer)
        .send({ conversation_id: room.id, message_id: 'doomed', content: first })
        .expect(201)
    ).body;
    await request(server.url).patch(`/messages/${sent.id}`).set('Authorization', alice.bearer).send({ content: second }).expect(200);
    const path = server.sqlitePath as string;
    const checkpoint = () => {
      // Another connection moves the write-ahead log into the file and empties it, as SQLite does on its own over time.
      const db = new BetterSqlite3(path);
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    };
    checkpoint();
    // The control: before the deletion both texts are in the file (so the search below can find them).
    expect([fileHolds(path, first), fileHolds(path, second)]).toEqual([true, true]);

    await request(server.url).delete(`/messages/${sent.id}`).set('Authorization', alice.bearer).expect(204);
    checkpoint();
    expect([fileHolds(path, first), fileHolds(path, second)]).toEqual([false, false]);
    expect([fileHolds(`${path}-wal`, first), fileHolds(`${path}-wal`, second)]).toEqual([false, false]);
  });
});
