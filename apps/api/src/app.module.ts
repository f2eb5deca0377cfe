import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { ProblemDetailsFilter } from './core/filters/problem-details.filter';
import { createValidationPipe } from './core/http/validation';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './core/events/events.module';
import { RedisModule } from './core/redis/redis.module';
import { AuthModule } from './modules/auth/auth.module';
import { ConversationsModule } from './modules/conversations/conversations.module';
import { MessagesModule } from './modules/messages/messages.module';
import { ObservabilityModule } from './modules/observability/observability.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { UsersModule } from './modules/users/users.module';

/** Composes the feature modules and registers the global filter and pipe. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        EventsModule,
        RedisModule,
        ObservabilityModule,
        DatabaseModule,
        UsersModule,
        AuthModule,
        ConversationsModule,
        MessagesModule,
        RealtimeModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
