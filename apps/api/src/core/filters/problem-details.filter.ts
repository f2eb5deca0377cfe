import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toProblemOutcome } from '../errors';
import { sendProblem } from '../http/send-problem';

/**
 * The one place HTTP failures become RFC 9457 problem details. Unexpected errors are logged with
 * their stack here and reach the client only as a generic 500 (or 503 for a database outage).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const outcome = toProblemOutcome(error);
    if (outcome.unexpected) {
      this.logger.error({ err: error, method: request.method, url: request.originalUrl }, 'request failed');
    }
    sendProblem(response, outcome, request);
  }
}
