import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type BetterSqlite3 from 'better-sqlite3';
import type { Client, ClientConfig, Pool } from 'pg';
import { existsSync } from 'node:fs';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SQLITE_BUSY_TIMEOUT_MS } from './data-source-options';
import { PostgresReadPath, SqliteReadPath, type ReadPath } from './read-path';
import { SerialQueue } from '../core/concurrency/serial-queue';
import { PipelinedConnection, type Statement } from './pg-pipeline';

export type DatabaseKind = 'sqlite' | 'postgres';

/** Synchronous SQL on the SQLite connection, for work inside a group commit (`$1` placeholders, prepared once). */
export interface SyncSql {
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): number;
  /** The first row a statement returns (a SELECT, or a write with RETURNING). */
  get<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): T | undefined;
}

interface BatchedWrite {
  run(sql: SyncSql): void;
  fail(error: unknown): void;
  /** Called after the shared COMMIT. */
  settle(): void;
}

/** The longest a shutdown waits for in-flight writes. */
const WRITE_DRAIN_TIMEOUT_MS = 10_000;

/** Pauses between attempts at a SQLite write lock held by another connection: short at first, then at most this. */
const LOCK_RETRY_MAX_DELAY_MS = 100;

/**
 * The database as the repositories see it: which dialect, raw SQL with `$1` placeholders on both,
 * write transactions, and a readiness probe.
 *
 * SQLite has one connection and one writer. TypeORM would interleave two transactions on that one
 * connection, so write transactions run one at a time through a queue — the "single writer"
 * that keeps "database is locked" from ever reaching a client. A lock held by another process is
 * waited for without blocking the event loop (better-sqlite3's own busy wait is synchronous): the
 * transaction is retried on SQLITE_BUSY until SQLITE_BUSY_TIMEOUT_MS after it was submitted, then
 * fails as "unavailable" (503).
 */
@Injectable()
export class Database implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(Database.name);
  readonly kind: DatabaseKind;
  private readonly writes = new SerialQueue();
  /** Write transactions begun and not yet finished (both dialects). */
  private inFlight = 0;
  private readonly idleWaiters: (() => void)[] = [];
  /** SQLite's own busy wait once the app runs: none for better-sqlite3, whose wait would freeze the event loop. */
  private readonly busyTimeoutMs: number;
  /** True while another connection has held the SQLite write lock past a whole busy timeout. */
  private lockedOut = false;
  /** Writes waiting for the next group commit. */
  private readonly batch: BatchedWrite[] = [];
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private statementsOf: BetterSqlite3.Database | null = null;
  /** Whether the batched write now running has changed anything yet. */
  private jobWrote = false;
  private readonly syncSql: SyncSql = {
    run: (sql, params = []) => {
      const statement = this.statement(sql);
      const { changes } = statement.run(...this.adapt(sql, params)[1]);
      this.jobWrote ||= !statement.readonly;
      return changes;
    },
    get: <T>(sql: string, params: readonly unknown[] = []) => {
      const statement = this.statement(sql);
      const row = statement.get(...this.adapt(sql, params)[1]) as T | undefined;
      this.jobWrote ||= !statement.readonly;
      return row;
    },
  };
  /**
   * Whether {@link writeBatched} is available: better-sqlite3 (synchronous, so a whole batch runs without a
   * gap another query could slip into), and no tracing, whose per-query spans go through TypeORM.
   */
  readonly groupsCommits: boolean;
  /**
   * Whether PostgreSQL's group commit runs: not in a traced process, where each send's trace is to hold its own insert
   * (a batch's one statement would belong to one send's trace only), as on SQLite.
   */
  readonly batchesOnPostgres: boolean;
  /** PostgreSQL's group commit connections (one per batch running at once), opened on first use; and the idle ones. */
  private readonly pipelines: PipelinedConnection[] = [];
  private readonly idlePipelines: PipelinedConnection[] = [];
  /** Reads outside a transaction, straight on the driver; null where they go through TypeORM (sqlite3, tracing). */
  private readonly reads: ReadPath | null;

  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    @Optional() @Inject(APP_CONFIG) config?: AppConfig,
  ) {
    this.kind = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
    this.busyTimeoutMs = dataSource.options.type === 'better-sqlite3' ? 0 : SQLITE_BUSY_TIMEOUT_MS;
    const traced = (config?.otelTracesExporter ?? 'none') !== 'none';
    this.groupsCommits = dataSource.options.type === 'better-sqlite3' && !traced;
    this.batchesOnPostgres = this.kind === 'postgres' && !traced;
    if (this.kind === 'postgres') this.reads = new PostgresReadPath(() => (dataSource.driver as unknown as { master: Pool }).master);
    else this.reads = this.groupsCommits ? new SqliteReadPath(() => this.sqliteConnection()) : null;
  }

  async onModuleInit(): Promise<void> {
    if (this.kind === 'sqlite') {
      // NORMAL is durable across a process crash in WAL mode; only a power loss can drop the last commits.
      await this.dataSource.query('PRAGMA synchronous = NORMAL');
      // A deleted message's text must be gone from the file, not left in a free page (SPEC 10.2).
      await this.dataSource.query('PRAGMA secure_delete = ON');
      await this.dataSource.query(`PRAGMA busy_timeout = ${this.busyTimeoutMs}`);
    }
  }

  /** Runs `work` in one transaction; on SQLite, after every earlier write transaction has finished. */
  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      if (this.kind === 'postgres') return await this.dataSource.transaction(work);
      // Once a write has waited out the lock in vain, later ones try once and fail fast until one gets through:
      // sends queued behind each other (one conversation's are) must not each wait the full timeout.
      const deadline = Date.now() + (this.lockedOut ? 0 : SQLITE_BUSY_TIMEOUT_MS);
      return await this.writes.run(async () => {
        try {
          const result = await retryWhileLocked(() => this.dataSource.transaction(work), deadline);
          this.lockedOut = false;
          return result;
        } catch (error) {
          this.lockedOut = isSqliteBusy(error);
          throw error;
        }
      });
    } finally {
      this.writeFinished();
    }
  }

  /**
   * Group commit (only where {@link groupsCommits}): runs `work` synchronously in ONE transaction with the
   * other writes submitted in the same turn of the event loop. Resolves only after the shared COMMIT; one COMMIT
   * for many writes is what lets SQLite take thousands of messages a second. `work` that throws before its first
   * change (e.g. its first statement breaks a unique key) fails alone; one that throws after a change fails the
   * whole batch, so no half of anything is ever committed.
   */
  writeBatched<T>(work: (sql: SyncSql) => T): Promise<T> {
    if (!this.groupsCommits) throw new Error('group commit needs better-sqlite3 without tracing');
    this.inFlight++;
    return new Promise<T>((resolve, reject) => {
      let outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
      this.batch.push({
        run: (sql) => (outcome = { ok: true, value: work(sql) }),
        fail: (error) => (outcome = { ok: false, error }),
        settle: () => {
          this.writeFinished();
          if (outcome?.ok) resolve(outcome.value);
          else reject(outcome?.error ?? new Error('write not run'));
        },
      });
      // The first write of a batch schedules its commit after this turn's I/O callbacks: those join the batch.
      if (this.batch.length === 1) setImmediate(() => void this.writes.run(() => this.flushBatch()));
    });
  }

  /**
   * PostgreSQL group commit's transaction: `statements` in one transaction on a connection of their own, pipelined (one
   * round trip for the whole batch). Rejects with the first failure, having stored nothing. Count the jobs it serves
   * with {@link inFlightWrite}, so that a shutdown waits for those still queued.
   */
  async pipelinedTransaction(statements: readonly Statement[]): Promise<Record<string, unknown>[][]> {
    if (this.kind !== 'postgres') throw new Error('pipelined transactions need PostgreSQL');
    const connection = this.idlePipelines.pop() ?? this.openPipeline();
    try {
      return await connection.transaction(statements);
    } finally {
      this.idlePipelines.push(connection);
    }
  }

  private openPipeline(): PipelinedConnection {
    const connection = new PipelinedConnection(() => {
      // The pool's own settings (address, timeouts, application name) and the pg module TypeORM loaded (and tracing wraps).
      const driver = this.dataSource.driver as unknown as {
        postgres: { Client: new (config: ClientConfig) => Client };
        master: { options: ClientConfig };
      };
      return new driver.postgres.Client({ ...driver.master.options, pipeline: true });
    });
    this.pipelines.push(connection);
    return connection;
  }

  /** Counts `work` as a write in flight until it settles: a shutdown lets it finish first. */
  async inFlightWrite<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.writeFinished();
    }
  }

  /**
   * Commits the waiting batch. A lock held by another connection is waited out as in {@link write} (retried without
   * blocking until the busy timeout, then every write of the batch fails as unavailable).
   */
  private async flushBatch(): Promise<void> {
    const jobs = this.batch.splice(0);
    if (jobs.length === 0) return;
    const deadline = Date.now() + (this.lockedOut ? 0 : SQLITE_BUSY_TIMEOUT_MS);
    try {
      await retryWhileLocked(async () => this.commitBatch(jobs), deadline);
      this.lockedOut = false;
    } catch (error) {
      this.lockedOut = isSqliteBusy(error);
      for (const job of jobs) job.fail(asQueryError(error));
    }
    for (const job of jobs) job.settle();
  }

  /** One attempt at the batch in one transaction; throws (having rolled back) when the batch as a whole failed. */
  private commitBatch(jobs: readonly BatchedWrite[]): void {
    const connection = this.sqliteConnection();
    try {
      this.control('BEGIN IMMEDIATE');
      for (const job of jobs) {
        this.jobWrote = false;
        try {
          job.run(this.syncSql);
        } catch (error) {
          // Refused before it wrote anything (a reused key: SQLite undid the failed statement alone), only this write
          // fails. Once it has written, its half cannot be taken out of the shared transaction: the batch is undone.
          if (this.jobWrote || !connection.inTransaction) throw error;
          job.fail(asQueryError(error));
        }
      }
      this.control('COMMIT');
    } catch (error) {
      // BEGIN or COMMIT failed (busy, disk full…), or a write failed halfway: nothing of the batch is stored.
      if (connection.inTransaction) this.control('ROLLBACK');
      throw error;
    }
  }

  /** Transaction control, through prepared statements: parsing them anew for every batch costs more than it should. */
  private control(statement: 'BEGIN IMMEDIATE' | 'COMMIT' | 'ROLLBACK'): void {
    this.statement(statement).run();
  }

  private statement(sql: string): BetterSqlite3.Statement {
    const connection = this.sqliteConnection();
    // A statement belongs to the connection that prepared it: a reopened connection starts afresh.
    if (connection !== this.statementsOf) {
      this.statements.clear();
      this.statementsOf = connection;
    }
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = connection.prepare(this.adapt(sql, [])[0]);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private sqliteConnection(): BetterSqlite3.Database {
    return (this.dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
  }

  private writeFinished(): void {
    if (--this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** On shutdown, lets in-flight writes finish (and their acks go out) before the connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.inFlight === 0) return;
    this.logger.log(`waiting for ${this.inFlight} write transaction(s) to finish`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, WRITE_DRAIN_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.pipelines.map((connection) => connection.close()));
  }

  /** Raw SQL written with `$1, $2 …` placeholders, adapted to the dialect. */
  query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = [], manager?: EntityManager): Promise<T[]> {
    const [text, values] = this.adapt(sql, params);
    if (!manager) {
      const rows = this.reads?.read<T>(text, values);
      if (rows) return rows;
    }
    return (manager ?? this.dataSource.manager).query(text, values);
  }

  /**
   * Answers whether the database can serve a write now, within `timeoutMs`.
   * On SQLite the file must still be where it was opened and a write lock must be obtainable.
   */
  async ping(timeoutMs: number): Promise<void> {
    const probe =
      this.kind === 'postgres'
        ? this.dataSource.query('SELECT 1')
        : this.writes.run(async () => {
            const path = (this.dataSource.options as { database: string }).database;
            if (path !== ':memory:' && !existsSync(path)) throw new Error(`SQLite file ${path} is gone`);
            // Ask for the write lock without waiting: a busy wait would stall the event loop (better-sqlite3 is synchronous).
            await this.dataSource.query('PRAGMA busy_timeout = 0');
            try {
              await this.dataSource.query('BEGIN IMMEDIATE');
              await this.dataSource.query('ROLLBACK');
            } finally {
              await this.dataSource.query(`PRAGMA busy_timeout = ${this.busyTimeoutMs}`);
            }
          });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** `$n` placeholders → `?` for SQLite (values re-ordered to match); Dates → SQLite's UTC text form. */
  private adapt(sql: string, params: readonly unknown[]): [string, unknown[]] {
    if (this.kind === 'postgres') return [sql, [...params]];
    const values: unknown[] = [];
    const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
      values.push(toSqliteValue(params[Number(n) - 1]));
      return '?';
    });
    return [text, values];
  }
}

/**
 * Runs a SQLite transaction again while another connection holds the write lock (SQLITE_BUSY, and
 * BUSY_SNAPSHOT when it wrote after we began reading), pausing without blocking, until `deadline`.
 * A failed attempt has rolled back, so retrying the whole transaction is safe.
 */
export async function retryWhileLocked<T>(attempt: () => Promise<T>, deadline: number): Promise<T> {
  for (let delay = 2; ; delay = Math.min(delay * 2, LOCK_RETRY_MAX_DELAY_MS)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isSqliteBusy(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function isSqliteBusy(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { code, driverError } = e as { code?: unknown; driverError?: unknown };
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
    e = driverError;
  }
  return false;
}

/** Errors from the raw connection, shaped as TypeORM's own (`driverError`, `code`), so one error mapping serves both paths. */
function asQueryError(error: unknown): unknown {
  if (error instanceof QueryFailedError || !(error instanceof Error) || !('code' in error)) return error;
  return new QueryFailedError('batched write', [], error);
}

/** SQLite stores times as `YYYY-MM-DD HH:MM:SS.SSS` in UTC, the same text TypeORM writes for entities. */
export function toSqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** Reads a time column of either dialect (Date from pg, UTC text from SQLite). */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    const iso = value.includes('T') ? value : value.replace(' ', 'T');
    return new Date(/[Zz]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  }
  if (typeof value === 'number') return new Date(value);
  throw new TypeError(`not a time value: ${String(value)}`);
}

const SQLITE_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;

/** A time column of either dialect as the wire's ISO 8601 UTC text; SQLite's own text is rewritten without a Date. */
export function toIsoTime(value: unknown): string {
  if (typeof value === 'string' && SQLITE_TIME.test(value)) return `${value.slice(0, 10)}T${value.slice(11)}Z`;
  return toDate(value).toISOString();
}

/** Reads an integer column (pg returns bigint aggregates as strings). */
export function toInt(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** Reads a boolean column (SQLite stores 0/1). */
export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}
