import BetterSqlite from 'better-sqlite3';
import { QueryFailedError } from 'typeorm';
import { SqliteReadPath } from './read-path';

describe('SqliteReadPath', () => {
  let connection: BetterSqlite.Database;
  let reads: SqliteReadPath;

  beforeEach(() => {
    connection = new BetterSqlite(':memory:');
    connection.exec("CREATE TABLE notes (id integer PRIMARY KEY, text text NOT NULL); INSERT INTO notes (text) VALUES ('a'), ('b')");
    reads = new SqliteReadPath(() => connection);
  });
  afterEach(() => connection.close());

  it('answers a read with its rows, and sees a write made on the connection since', async () => {
    await expect(reads.read('SELECT id, text FROM notes WHERE id > ? ORDER BY id', [0])).resolves.toEqual([
      { id: 1, text: 'a' },
      { id: 2, text: 'b' },
    ]);
    connection.prepare("INSERT INTO notes (text) VALUES ('c')").run();
    await expect(reads.read('SELECT id, text FROM notes WHERE id > ? ORDER BY id', [1])).resolves.toEqual([
      { id: 2, text: 'b' },
      { id: 3, text: 'c' },
    ]);
  });

  it("builds the rows better-sqlite3 itself would: names, types, nulls, and a repeated name's last value", async () => {
    for (const sql of [
      'SELECT * FROM notes ORDER BY id',
      "SELECT id, NULL AS absent, 1.5 AS half, x'00ff' AS bytes, text AS id FROM notes",
      'SELECT a.id, b.id, a.text FROM notes a JOIN notes b ON b.id <> a.id ORDER BY a.id',
      'SELECT count(*) AS n FROM notes WHERE 0',
    ]) {
      await expect(reads.read(sql, [])).resolves.toEqual(connection.prepare(sql).all());
    }
  });

  it('leaves every statement that writes to TypeORM, RETURNING ones included, and writes nothing itself', () => {
    expect(reads.read("INSERT INTO notes (text) VALUES ('x') RETURNING id", [])).toBeNull();
    expect(reads.read('UPDATE notes SET text = ? WHERE id = 1', ['y'])).toBeNull();
    expect(reads.read('DELETE FROM notes', [])).toBeNull();
    expect(connection.prepare('SELECT text FROM notes ORDER BY id').pluck().all()).toEqual(['a', 'b']);
  });

  it('fails as TypeORM does (QueryFailedError with the driver error), for a bad statement and missing parameters', async () => {
    await expect(reads.read('SELECT nothing FROM nowhere', [])).rejects.toBeInstanceOf(QueryFailedError);
    await expect(reads.read('SELECT id FROM notes WHERE id = ? AND text = ?', [1])).rejects.toMatchObject({
      driverError: expect.objectContaining({ message: expect.stringMatching(/parameter/) }),
    });
  });

  it('prepares again on a reopened connection', async () => {
    await reads.read('SELECT count(*) AS n FROM notes', []);
    connection.close();
    connection = new BetterSqlite(':memory:');
    connection.exec('CREATE TABLE notes (id integer PRIMARY KEY, text text NOT NULL)');
    await expect(reads.read('SELECT count(*) AS n FROM notes', [])).resolves.toEqual([{ n: 0 }]);
  });
});
