import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { Lifecycle } from './lifecycle.service';
import { loggerParams } from './logging';
import { MetricsController } from './metrics.controller';

/** Owns what operators look at: JSON logs, `/metrics`, `/health`, `/ready` and the shutdown state. */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => loggerParams(config) }),
    PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true } }),
    TerminusModule.forRoot({ logger: false }),
  ],
  controllers: [HealthController],
  providers: [HealthService, Lifecycle],
  exports: [HealthService, Lifecycle],
})
export class ObservabilityModule {}
