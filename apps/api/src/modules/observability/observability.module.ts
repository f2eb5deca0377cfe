import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { LoggerModule } from 'nestjs-pino';
import type { HttpLogger } from 'pino-http';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { ChatMetrics } from './chat-metrics.service';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { HttpMetrics } from './http-metrics';
import { Lifecycle } from './lifecycle.service';
import { createHttpLogger, loggerParams } from './logging';
import { MetricsController } from './metrics.controller';
import { metricProviders } from './metrics';
import { SqliteTracing } from './tracing/sqlite-tracing';

/** Injection token of the access-log middleware (pino-http), mounted first by app.setup.ts. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/**
 * Owns what operators look at: JSON logs, `/metrics` (with {@link ChatMetrics} for the real-time side),
 * `/health`, `/ready` and the shutdown state. Tracing starts before Nest, in `tracing.ts`.
 */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({ inject: [HTTP_LOGGER], useFactory: (httpLogger: HttpLogger) => loggerParams(httpLogger) }),
    PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true } }),
    TerminusModule.forRoot({ logger: false }),
  ],
  controllers: [HealthController],
  providers: [
    { provide: HTTP_LOGGER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createHttpLogger(config) },
    HealthService,
    Lifecycle,
    HttpMetrics,
    ChatMetrics,
    SqliteTracing,
    ...metricProviders,
  ],
  exports: [HTTP_LOGGER, HealthService, Lifecycle, HttpMetrics, ChatMetrics],
})
export class ObservabilityModule {}
