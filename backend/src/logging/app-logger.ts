import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { LOG_LEVELS } from '../config/config';
import { currentRequestId } from './request-context';

type JsonLogOptions = Parameters<ConsoleLogger['getJsonLogObject']>[1];

/**
 * Nest's logger in JSON mode, one object a line on stdout/stderr, with the id of the request being
 * served (if any) on every line. Structured params become top-level fields.
 */
export class AppLogger extends ConsoleLogger {
  constructor(level: LogLevel) {
    super({ json: true, flattenParams: true, logLevels: LOG_LEVELS.slice(LOG_LEVELS.indexOf(level)) });
  }

  protected override getJsonLogObject(message: unknown, options: JsonLogOptions) {
    const requestId = currentRequestId();
    return { ...super.getJsonLogObject(message, options), ...(requestId && { requestId }) };
  }
}
