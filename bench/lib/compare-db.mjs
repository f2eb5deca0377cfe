/**
 * A database for the compared build (`--compare`) holding the same users, conversations and messages as the
 * product's, in the compared build's own schema: a plain copy of the product's file would carry columns and keys
 * an older build does not know how to fill (the change feed's unique change_seq, say) and fail its every write.
 * The compared build migrates an empty file itself; the rows are then copied over, column by column, for the
 * columns both schemas have.
 */
import BetterSqlite from 'better-sqlite3';
import { startApi } from './servers.mjs';

export async function sqliteForComparedBuild(main, sourcePath, targetPath) {
  const migrating = await startApi(main, { SQLITE_PATH: targetPath });
  await migrating.stop();
  const db = new BetterSqlite(targetPath);
  try {
    db.pragma('foreign_keys = OFF');
    db.prepare('ATTACH DATABASE ? AS source').run(sourcePath);
    // Tables the compared build derives itself are not copied: what its triggers fill (the search index, rebuilt
    // from the copied messages by its own insert trigger) and virtual tables with their shadow tables (FTS5's may not
    // be written to at all).
    const derived = new Set(
      db
        .prepare("SELECT sql FROM main.sqlite_master WHERE type = 'trigger'")
        .all()
        .flatMap(({ sql }) => [...sql.matchAll(/INSERT\s+INTO\s+"?(\w+)"?/gi)].map((match) => match[1])),
    );
    const virtual = db
      .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
      .all()
      .map((row) => row.name);
    const isDerived = (table) => derived.has(table) || virtual.some((name) => table === name || table.startsWith(`${name}_`));
    const tables = db
      .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations'")
      .all()
      .map((row) => row.name)
      .filter((table) => !isDerived(table));
    const columns = (schema, table) => db.prepare(`PRAGMA ${schema}.table_info("${table}")`).all().map((row) => row.name);
    db.transaction(() => {
      for (const table of tables) {
        const theirs = new Set(columns('source', table));
        const shared = columns('main', table).filter((name) => theirs.has(name));
        if (shared.length === 0) continue;
        const list = shared.map((name) => `"${name}"`).join(', ');
        db.exec(`DELETE FROM main."${table}"; INSERT INTO main."${table}" (${list}) SELECT ${list} FROM source."${table}"`);
      }
    })();
    db.exec('DETACH DATABASE source');
  } finally {
    db.close();
  }
}
