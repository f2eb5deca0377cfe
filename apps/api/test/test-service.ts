import type { Provider, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig, type AppConfig } from '../src/config/app-config';
import { APP_CONFIG } from '../src/config/config.module';
import { DomainEvents } from '../src/core/events/domain-events';
import { Database } from '../src/database/database.service';
import { PresenceService } from '../src/modules/presence/presence.service';
import { MemoryPresenceStore, PresenceStore } from '../src/modules/presence/presence.store';

/** Public members of a class: what a typed fake must provide. */
export type PublicOf<T> = { [K in keyof T]: T[K] };

/** A configuration for unit tests, from the same validator as production. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ NODE_ENV: 'test', SECRET_KEY: 'unit-test-secret-0123456789abcdef0123', ...env });
}

/** Runs "transactions" inline: the fakes keep their data in memory and need no manager. */
export const inlineDatabase: Pick<Database, 'write' | 'kind'> = {
  kind: 'sqlite',
  write: (work) => work(undefined as never),
};

/**
 * Builds the service under test with Nest's injector, given typed fakes of its repositories
 * (in the spirit of Immich's newTestService): `createTestService(AuthService, [provide(UsersRepository, fake)])`.
 */
export async function createTestService<T>(service: Type<T>, providers: Provider[], config = testConfig()): Promise<T> {
  const module = await Test.createTestingModule({
    providers: [
      service,
      { provide: APP_CONFIG, useValue: config },
      { provide: Database, useValue: inlineDatabase },
      { provide: DomainEvents, useValue: new DomainEvents() },
      ...presenceProviders,
      ...providers,
    ],
  }).compile();
  return module.get(service);
}

/** The real presence service over its in-memory store: cheap, and no fake needed. */
export const presenceProviders: Provider[] = [PresenceService, { provide: PresenceStore, useClass: MemoryPresenceStore }];

/** Registers `fake` as the implementation of `token`, checked against its public surface. */
export function provide<T>(token: Type<T>, fake: PublicOf<T>): Provider {
  return { provide: token, useValue: fake };
}
