import type BetterSqlite3 from 'better-sqlite3';
import type { Pool } from 'pg';
import { QueryFailedError } from 'typeorm';

/**
 * A read outside any transaction, straight on the driver: TypeORM's `manager.query` makes a query runner, a
 * broadcaster and a logger call for every statement, which costs a hot read (a page of history, the conversation
 * list) more than SQLite's own work. Statements that are not plain reads keep going through TypeORM, whose result
 * shape for writes (affected counts) some callers use.
 */
export interface ReadPath {
  /** The rows of `sql` (placeholders already in the dialect's form), or null when it is not a read. */
  read<T>(sql: string, values: readonly unknown[]): Promise<T[]> | null;
}

interface PreparedRead {
  readonly statement: BetterSqlite3.Statement;
  readonly names: readonly string[];
}

/**
 * Rows as objects keyed by column name, as better-sqlite3 makes them (a later column of the same name wins), built
 * here from its arrays: a third cheaper than its own objects, which it fills key by key through V8's C++ API.
 */
function rowObjects<T>(rows: readonly unknown[][], names: readonly string[]): T[] {
  const objects = new Array<T>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const object: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) object[names[j]] = row[j];
    objects[i] = object as T;
  }
  return objects;
}

/** Read statements kept prepared: enough for every fixed query of the API, bounded for those built per call (IN lists). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3, without tracing (whose spans hang off TypeORM's queries): prepared once, run synchronously on the
 * one connection TypeORM holds, so a read sees exactly what it would have seen through TypeORM.
 */
export class SqliteReadPath implements ReadPath {
  private readonly statements = new Map<string, PreparedRead | null>();
  private statementsOf: BetterSqlite3.Database | null = null;

  constructor(private readonly connection: () => BetterSqlite3.Database) {}

  read<T>(sql: string, values: readonly unknown[]): Promise<T[]> | null {
    let prepared: PreparedRead | null;
    try {
      prepared = this.statement(sql);
    } catch (error) {
      return Promise.reject(new QueryFailedError(sql, [...values], error as Error));
    }
    if (!prepared) return null;
    try {
      return Promise.resolve(rowObjects<T>(prepared.statement.all(...values) as unknown[][], prepared.names));
    } catch (error) {
      return Promise.reject(new QueryFailedError(sql, [...values], error as Error));
    }
  }

  /** The prepared statement of a read; null (remembered) for anything else. */
  private statement(sql: string): PreparedRead | null {
    const connection = this.connection();
    // A statement belongs to the connection that prepared it: a reopened connection starts afresh.
    if (connection !== this.statementsOf) {
      this.statements.clear();
      this.statementsOf = connection;
    }
    const cached = this.statements.get(sql);
    if (cached !== undefined) return cached;
    const prepared = connection.prepare(sql);
    // Only what returns rows and writes nothing (an INSERT … RETURNING is a reader too).
    const statement =
      prepared.reader && prepared.readonly ? { statement: prepared.raw(true), names: prepared.columns().map((c) => c.name) } : null;
    if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value as string);
    this.statements.set(sql, statement);
    return statement;
  }
}

/** Named statements per process: the API's fixed reads, far below what a server keeps per connection with ease. */
const NAMED_STATEMENTS = 200;

/**
 * PostgreSQL: a SELECT goes to the pool TypeORM made (instrumentation-pg still traces it), which checks a connection
 * out and back in around it, as TypeORM would, without its query runner. It runs as a named prepared statement, so
 * each connection parses and plans it once: planning the conversation list cost PostgreSQL more than running it.
 * Statements name their columns, so a migration that adds one never changes a prepared statement's result type.
 */
export class PostgresReadPath implements ReadPath {
  private readonly names = new Map<string, string>();

  constructor(private readonly pool: () => Pool) {}

  read<T>(sql: string, values: readonly unknown[]): Promise<T[]> | null {
    if (!/^\s*SELECT\b/i.test(sql)) return null;
    return this.pool()
      .query({ text: sql, values: [...values], name: this.nameOf(sql) })
      .then(
        (result) => result.rows as T[],
        (error: unknown) => {
          throw new QueryFailedError(sql, [...values], error as Error);
        },
      );
  }

  /** The statement's name (one per text, for the life of the process), or none once the budget is spent. */
  private nameOf(sql: string): string | undefined {
    let name = this.names.get(sql);
    if (!name && this.names.size < NAMED_STATEMENTS) {
      name = `pneumatic_read_${this.names.size + 1}`;
      this.names.set(sql, name);
    }
    return name;
  }
}
