import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { ProblemDetailsFilter } from './core/filters/problem-details.filter';
import { createValidationPipe } from './core/http/validation';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './core/events/events.module';
import { RedisModule } from './core/redis/redis.module';
import { AdminModule } from './modules/admin/admin.module';
import { AttachmentsModule } from './modules/attachments/attachments.module';
import { AuthModule } from './modules/auth/auth.module';
import { ConversationsModule } from './modules/conversations/conversations.module';
import { GroupsModule } from './modules/groups/groups.module';
import { MessagesModule } from './modules/messages/messages.module';
import { ObservabilityModule } from './modules/observability/observability.module';
import { CallerRateLimit } from './modules/rate-limit/caller-rate-limit';
import { RateLimitGuard } from './modules/rate-limit/rate-limit.guard';
import { RateLimitModule } from './modules/rate-limit/rate-limit.module';
import { ReactionsModule } from './modules/reactions/reactions.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { SearchModule } from './modules/search/search.module';
import { UsersModule } from './modules/users/users.module';

/** Composes the feature modules and registers the global filter, pipe and rate-limit guard. */
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
        RateLimitModule,
        DatabaseModule,
        UsersModule,
        AuthModule,
        ConversationsModule,
        AttachmentsModule,
        MessagesModule,
        GroupsModule,
        ReactionsModule,
        SearchModule,
        RealtimeModule,
        AdminModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Global guards run in registration order, the root module's first: rate limiting comes before the
        // access-token guard (AuthModule), so that requests about to be refused as unauthenticated count too.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        // The caller's own limits, counted at the HTTP edge (configureApp installs its middleware).
        CallerRateLimit,
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
