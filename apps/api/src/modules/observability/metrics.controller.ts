import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { Public } from '../../core/http/public.decorator';
import { SkipRateLimit } from '../rate-limit/rate-limit.decorators';

/** `/metrics` for Prometheus: open to scrapers (keep it on an internal network), never rate limited. */
@ApiExcludeController()
@Public()
@SkipRateLimit()
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  override index(@Res({ passthrough: true }) response: Response) {
    return super.index(response);
  }
}
