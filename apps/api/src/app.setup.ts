import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import type { Express } from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { HttpLogger } from 'pino-http';
import type { AppConfig } from './config/app-config';
import { jsonBodyParser } from './core/http/body-parsing';
import { webAppHandlers } from './core/http/web-app';
import { createOpenApiDocument } from './core/openapi/openapi-document';
import { RedisService } from './core/redis/redis.service';
import { UPLOAD_ROUTES } from './modules/attachments/upload.interceptor';
import { HttpMetrics } from './modules/observability/http-metrics';
import { Lifecycle } from './modules/observability/lifecycle.service';
import { HTTP_LOGGER } from './modules/observability/observability.module';
import { CallerRateLimit, isRateLimitExempt } from './modules/rate-limit/caller-rate-limit';
import { AUTH_RATE_LIMIT } from './modules/rate-limit/rate-limit.decorators';
import { createAsyncApiDocument } from './modules/realtime/asyncapi/asyncapi-document';
import { renderAsyncApiPage } from './modules/realtime/asyncapi/asyncapi-page';
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
  // The web app's files and pages come first: they are not the API's, so never rate limited nor parsed.
  for (const handler of webAppHandlers(config.webDistPath) ?? []) app.use(handler);

  const document = createOpenApiDocument(app, { isRateLimitExempt, authRateLimitKey: AUTH_RATE_LIMIT });
  const asyncApi = createAsyncApiDocument(document);
  const asyncApiPage = renderAsyncApiPage(asyncApi);
  const http: Express = express.getHttpAdapter().getInstance();
  http.get('/docs/asyncapi.json', (_req, res) => void res.json(asyncApi));
  http.get('/docs/asyncapi', (_req, res) => void res.type('html').send(asyncApiPage));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });

  // Every other request counts against the caller's limits before its body is parsed or its route found,
  // so that 404s of unknown paths and bodies refused before routing carry the X-RateLimit-* headers too.
  app.use(app.get(CallerRateLimit).middleware);
  app.use(jsonBodyParser(UPLOAD_ROUTES));
}
