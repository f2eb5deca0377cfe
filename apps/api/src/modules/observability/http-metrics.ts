import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { RequestHandler } from 'express';
import type { Histogram } from 'prom-client';
import { routeTemplate } from './http-route';
import { METRIC } from './metrics';

/** Label of requests no API route handled: static files, `/docs`, 404s, bodies refused before routing. */
export const UNMATCHED_ROUTE = 'unmatched';
/** Status label of a request whose client went away before the answer (nginx's "client closed request"). */
const CLIENT_CLOSED = 499;

/** Times every HTTP request into `http_request_duration_seconds`, labelled by route template and status. */
@Injectable()
export class HttpMetrics {
  constructor(@InjectMetric(METRIC.httpRequestDuration) private readonly duration: Histogram<'method' | 'route' | 'status_code'>) {}

  /** Mounted before any other middleware (app.setup.ts), so refusals by the body parser are timed too. */
  readonly middleware: RequestHandler = (req, res, next) => {
    const stop = this.duration.startTimer();
    res.once('close', () =>
      stop({
        method: req.method,
        route: routeTemplate(req) ?? UNMATCHED_ROUTE,
        status_code: res.writableFinished ? res.statusCode : CLIENT_CLOSED,
      }),
    );
    next();
  };
}
