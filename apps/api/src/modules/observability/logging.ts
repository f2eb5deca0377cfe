import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { type LevelWithSilent, stdTimeFunctions } from 'pino';
import { HttpLogger, pinoHttp } from 'pino-http';
import type { AppConfig } from '../../config/app-config';
import { routeTemplate } from './http-route';
import { redactUrl } from './redact-url';

/** Paths whose values never reach a log line, wherever a logged object carries them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-refresh-token"]',
  'res.headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.password',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  'auth.token',
];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

type RequestWithExtras = IncomingMessage & { id?: unknown; user?: { id?: string } };

/** Who and what served a request, known only once it is answered (the guard sets the user, routing the route). */
function outcome(req: IncomingMessage): { user_id?: string; route?: string } {
  return { user_id: (req as RequestWithExtras).user?.id, route: routeTemplate(req) };
}

/**
 * The access log, mounted before any other middleware (app.setup.ts) so that every request gets a request
 * id (`X-Request-Id`, taken or made) and one JSON line with user, route template, status and duration —
 * including those the body parser refuses before Nest routes them.
 */
export function createHttpLogger(config: AppConfig): HttpLogger {
  return pinoHttp<IncomingMessage, ServerResponse, never>({
    level: config.logLevel,
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    customAttributeKeys: { responseTime: 'duration_ms' },
    customSuccessObject: (req, _res, value: object) => ({ ...value, ...outcome(req) }),
    customErrorObject: (req, _res, _error, value: object) => ({ ...value, ...outcome(req) }),
    customLogLevel: (_req, res, error): LevelWithSilent =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
    quietReqLogger: true,
  });
}

/** nestjs-pino on the access log's logger: Nest's and our logs share its format, redaction and request id. */
export function loggerParams(httpLogger: HttpLogger): Params {
  return { pinoHttp: { logger: httpLogger.logger }, useExisting: true };
}
