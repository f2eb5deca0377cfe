import type { ModuleMetadata } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { AppConfigModule } from '../src/config/config.module';
import { EventsModule } from '../src/core/events/events.module';
import { RedisModule } from '../src/core/redis/redis.module';
import { DatabaseModule } from '../src/database/database.module';
import { testConfig } from './test-service';

/**
 * A Nest module over a real, migrated SQLite database (in memory unless a file is named): for repository specs,
 * which test SQL against a real database rather than fakes.
 */
export async function createDatabaseTestingModule(
  imports: ModuleMetadata['imports'] = [],
  sqlitePath = ':memory:',
): Promise<TestingModule> {
  const module = await Test.createTestingModule({
    imports: [AppConfigModule.forRoot(testConfig({ SQLITE_PATH: sqlitePath })), EventsModule, RedisModule, DatabaseModule, ...imports],
  }).compile();
  await module.init();
  return module;
}
