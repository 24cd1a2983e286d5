import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isDatabaseUnavailable } from '../database/database-errors';
import type { ErrorBody } from './error-body';
import { bodyReadError } from './json-body';

/** The API's error body for a status and a message. */
export function errorBody(statusCode: number, message: string, fields?: Record<string, string[]>): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(fields && { fields }) };
}

// Terminus answers a failed readiness check with its own report, which /status keeps.
function isHealthReport(response: unknown): boolean {
  return typeof response === 'object' && response !== null && 'status' in response && 'details' in response;
}

function fromHttpException(exception: HttpException): ErrorBody | object {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return errorBody(status, response);
  if (isHealthReport(response)) return response;
  const { message, fields } = response as { message?: unknown; fields?: Record<string, string[]> };
  return errorBody(status, typeof message === 'string' ? message : exception.message, fields);
}

/** Fastify's other refusals of a request it could not route or read (a malformed URL): their 4xx. */
function fastifyClientError(error: unknown): HttpException | undefined {
  const { code, statusCode, message } = (error ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown };
  const isClientError = typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
  return typeof code === 'string' && code.startsWith('FST_') && isClientError
    ? new HttpException(typeof message === 'string' ? message : 'bad request', statusCode)
    : undefined;
}

/**
 * Turns whatever a request throws into the API's JSON error. Client mistakes keep their 4xx; a lost
 * database is a 503; anything else is a 500 with a generic message, logged (with the request id) but
 * never sent: no stack trace, no SQL.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const [status, body] = this.answer(exception);
    void host.switchToHttp().getResponse<FastifyReply>().status(status).send(body);
  }

  private answer(exception: unknown): [number, object] {
    const http =
      exception instanceof HttpException ? exception : (bodyReadError(exception) ?? fastifyClientError(exception));
    if (http) return [http.getStatus(), fromHttpException(http)];
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      return [HttpStatus.SERVICE_UNAVAILABLE, errorBody(HttpStatus.SERVICE_UNAVAILABLE, 'database unavailable')];
    }
    const error = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error(`unhandled error: ${error.message}`, error.stack);
    return [HttpStatus.INTERNAL_SERVER_ERROR, errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'internal server error')];
  }
}
