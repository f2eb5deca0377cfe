import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessResponse } from '@pneumatic/contracts';
import { RedisService } from '../../core/redis/redis.service';
import { Database } from '../../database/database.service';
import { Lifecycle } from './lifecycle.service';

/** How long a dependency may take to answer a readiness probe (Kubernetes' default probe timeout is 1 s). */
const PROBE_TIMEOUT_MS = 900;

/** A dependency that readiness checks. */
interface ReadinessCheck {
  readonly name: string;
  ping(timeoutMs: number): Promise<void>;
}

/** Readiness through terminus: the database (and Redis, when configured) must answer, and the instance must not be draining. */
@Injectable()
export class HealthService {
  private readonly checks: readonly ReadinessCheck[];

  constructor(
    private readonly healthChecks: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: Lifecycle,
    database: Database,
    redis: RedisService,
  ) {
    this.checks = [
      { name: 'database', ping: (ms) => database.ping(ms) },
      ...(redis.enabled ? [{ name: 'redis', ping: (ms: number) => redis.ping(ms) }] : []),
    ];
  }

  async readiness(): Promise<ReadinessResponse> {
    const result = await this.healthChecks
      .check([...this.checks.map((check) => () => this.probe(check)), () => this.drainState()])
      .catch((error: unknown) => {
        if (error instanceof ServiceUnavailableException) return error.getResponse() as HealthCheckResult;
        throw error;
      });
    const checks: Record<string, 'up' | 'down'> = {};
    for (const [name, detail] of Object.entries(result.details)) checks[name] = detail.status === 'up' ? 'up' : 'down';
    return { status: result.status === 'ok' ? 'ready' : 'not ready', checks };
  }

  private async probe(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(check.name);
    try {
      await check.ping(PROBE_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  private drainState(): HealthIndicatorResult {
    const indicator = this.indicators.check('lifecycle');
    return this.lifecycle.draining ? indicator.down({ message: 'shutting down' }) : indicator.up();
  }
}
