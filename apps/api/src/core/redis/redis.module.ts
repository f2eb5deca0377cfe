import { Global, Module } from '@nestjs/common';
import { RedisService } from './redis.service';

/** The shared Redis connection (used only when REDIS_URL is set). */
@Global()
@Module({ providers: [RedisService], exports: [RedisService] })
export class RedisModule {}
