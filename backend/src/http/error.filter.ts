import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { isDatabaseUnavailable } from '../database/database-errors';
import type { ErrorBody } from './error-body';

function errorBody(statusCode: number, message: string, fields?: Record<string, string[]>): ErrorBody {
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
    host.switchToHttp().getResponse<Response>().status(status).json(body);
  }

  private answer(exception: unknown): [number, object] {
    if (exception instanceof HttpException) return [exception.getStatus(), fromHttpException(exception)];
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      return [HttpStatus.SERVICE_UNAVAILABLE, errorBody(HttpStatus.SERVICE_UNAVAILABLE, 'database unavailable')];
    }
    const error = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error(`unhandled error: ${error.message}`, error.stack);
    return [HttpStatus.INTERNAL_SERVER_ERROR, errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'internal server error')];
  }
}
