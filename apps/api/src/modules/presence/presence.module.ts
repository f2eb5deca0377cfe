import { Module } from '@nestjs/common';
import { PresenceService } from './presence.service';
import { MemoryPresenceStore, PresenceStore } from './presence.store';

/** Who is online, across devices (and, with Redis, across instances). */
@Module({
  providers: [PresenceService, { provide: PresenceStore, useClass: MemoryPresenceStore }],
  exports: [PresenceService],
})
export class PresenceModule {}
