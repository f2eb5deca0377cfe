import { Module } from '@nestjs/common';
import { RedisService } from '../../core/redis/redis.service';
import { PresenceService } from './presence.service';
import { MemoryPresenceStore, PresenceStore } from './presence.store';
import { RedisPresenceStore } from './redis-presence.store';

/** Who is online, across devices (and, with Redis, across instances). */
@Module({
  providers: [
    PresenceService,
    {
      provide: PresenceStore,
      inject: [RedisService],
      useFactory: (redis: RedisService): PresenceStore => (redis.enabled ? new RedisPresenceStore(redis) : new MemoryPresenceStore()),
    },
  ],
  exports: [PresenceService],
})
export class PresenceModule {}
