import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { DataSource, QueryRunner } from 'typeorm';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';

/** `QueryRunner.query` without its overloads: SQL, parameters, whether to return a structured result. */
type Query = (sql: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;

/**
 * Spans for SQLite queries, which no OpenTelemetry instrumentation covers (PostgreSQL's come from
 * instrumentation-pg). TypeORM runs every SQLite query through one query runner per data source; its
 * `query` is wrapped once, and only while tracing is on. Like pg's, spans are made only inside a
 * traced request, and carry the SQL text (placeholders, never values).
 */
@Injectable()
export class SqliteTracing implements OnModuleInit {
  private readonly traced = new WeakSet<QueryRunner>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.otelTracesExporter === 'none' || this.config.database.kind !== 'sqlite') return;
    const driver = this.dataSource.driver;
    const createQueryRunner = driver.createQueryRunner.bind(driver);
    driver.createQueryRunner = (mode) => this.instrument(createQueryRunner(mode));
    this.instrument(driver.createQueryRunner('master'));
  }

  private instrument(runner: QueryRunner): QueryRunner {
    if (this.traced.has(runner)) return runner;
    this.traced.add(runner);
    const query = runner.query.bind(runner) as Query;
    const tracer = trace.getTracer('pneumatic-sqlite');
    runner.query = ((sql: string, parameters?: unknown[], structured?: boolean): Promise<unknown> => {
      if (!trace.getActiveSpan()) return query(sql, parameters, structured);
      const operation = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';
      const attributes = { 'db.system.name': 'sqlite', 'db.operation.name': operation, 'db.query.text': sql };
      return tracer.startActiveSpan(operation, { kind: SpanKind.CLIENT, attributes }, async (span) => {
        try {
          return await query(sql, parameters, structured);
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
          throw error;
        } finally {
          span.end();
        }
      });
    }) as QueryRunner['query'];
    return runner;
  }
}
