import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { HealthResponse, ReadinessResponse } from '@pneumatic/contracts';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Response } from 'express';
import { Public } from '../../core/http/public.decorator';
import { SkipRateLimit } from '../rate-limit/rate-limit.decorators';
import { HealthService } from './health.service';

/** `{status, checks: {database, redis?, lifecycle}}`: each check `up` or `down`. */
const READINESS: SchemaObject = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not ready'] },
    checks: { type: 'object', additionalProperties: { type: 'string', enum: ['up', 'down'] } },
  },
};

@ApiTags('operations')
@Public()
@SkipRateLimit()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: answers while the process runs; touches nothing else' })
  @ApiOkResponse({ schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['healthy'] } }, example: { status: 'healthy' } } })
  live(): HealthResponse {
    return { status: 'healthy' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database (and Redis, where configured) answer and the instance is not draining' })
  @ApiOkResponse({ schema: { ...READINESS, example: { status: 'ready', checks: { database: 'up', lifecycle: 'up' } } } })
  @ApiServiceUnavailableResponse({ schema: { ...READINESS, example: { status: 'not ready', checks: { database: 'down', lifecycle: 'up' } } } })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessResponse> {
    const readiness = await this.health.readiness();
    if (readiness.status !== 'ready') response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return readiness;
  }
}
