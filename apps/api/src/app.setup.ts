import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { HttpLogger } from 'pino-http';
import type { AppConfig } from './config/app-config';
import { ProblemDto } from './core/http/api-problems';
import { jsonBodyParser } from './core/http/body-parsing';
import { webAppHandlers } from './core/http/web-app';
import { RedisService } from './core/redis/redis.service';
import { HttpMetrics } from './modules/observability/http-metrics';
import { Lifecycle } from './modules/observability/lifecycle.service';
import { HTTP_LOGGER } from './modules/observability/observability.module';
import { ChatIoAdapter } from './modules/realtime/socket-io.adapter';

/**
 * Everything about the HTTP edge that is not a module: access log and timing, headers, CORS, body parsing,
 * Swagger and the web app. Shared by main.ts and the tests that start the app in-process.
 */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  // First, so that every request is timed and logged with its id, even one refused by a later middleware.
  app.use(app.get(HttpMetrics).middleware);
  app.use(app.get<typeof HTTP_LOGGER, HttpLogger>(HTTP_LOGGER));
  const logger = app.get(Logger);
  app.useLogger(logger);
  if (config.secretKeyIsDefault) {
    logger.warn('SECRET_KEY is not set: using the development default. Never run it like this in production.');
  }
  express.set('trust proxy', config.trustProxy);
  express.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'connect-src': ["'self'", 'ws:', 'wss:'], 'upgrade-insecure-requests': null },
      },
      // Served over plain HTTP in development; HSTS belongs on the TLS-terminating proxy.
      strictTransportSecurity: config.nodeEnv === 'production',
    }),
  );
  // Browsers on another origin may read only the response headers listed here.
  const exposedHeaders = ['X-Request-Id', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];
  app.enableCors(
    config.allowedOrigins === '*'
      ? { origin: '*', maxAge: 600, exposedHeaders }
      : { origin: [...config.allowedOrigins], credentials: true, maxAge: 600, exposedHeaders },
  );
  app.useWebSocketAdapter(new ChatIoAdapter(app, config, app.get(RedisService), app.get(Lifecycle)));
  // gzip for the web app's bundles and large JSON pages (a quarter of the bytes on a phone's link).
  app.use(compression({ threshold: 1024 }));
  app.use(cookieParser());
  app.use(jsonBodyParser());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Pneumatic Chat API')
      .setDescription(
        'REST API of Pneumatic Chat. Errors are RFC 9457 problem details (`application/problem+json`). ' +
          'Real time: Socket.IO at `/socket.io` and the original raw WebSocket protocol at `/ws`.',
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .build(),
    { extraModels: [ProblemDto] },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });

  for (const handler of webAppHandlers(config.webDistPath) ?? []) app.use(handler);
}
