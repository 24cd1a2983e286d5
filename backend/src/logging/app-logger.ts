import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { LOG_LEVELS } from '../config/config';
import { writeLine } from './log-output';
import { currentRequestId } from './request-context';

type JsonLogOptions = Parameters<ConsoleLogger['getJsonLogObject']>[1];
/** Longest string a record may hold for the fast path; the base class truncates far longer ones. */
const FAST_STRING_CHARS = 10_000;

function isFlat(record: Record<string, unknown>): boolean {
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'string' ? value.length > FAST_STRING_CHARS : typeof value === 'object' && value !== null)
      return false;
    if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') return false;
  }
  return true;
}

/**
 * Nest's logger in JSON mode, one object a line on stdout/stderr, with the id of the request being
 * served (if any) on every line. Structured params become top-level fields.
 *
 * It writes a line a request, so its cost is the API's: a flat record (strings, numbers, booleans:
 * the access line, most messages) is serialised by JSON.stringify alone, without the base class's
 * guards for nested values (cycles, errors, huge objects), which the others still get; and lines are
 * buffered per turn of the event loop (log-output.ts).
 */
export class AppLogger extends ConsoleLogger {
  constructor(level: LogLevel) {
    super({ json: true, flattenParams: true, logLevels: LOG_LEVELS.slice(LOG_LEVELS.indexOf(level)) });
  }

  protected override getJsonLogObject(message: unknown, options: JsonLogOptions) {
    const record = super.getJsonLogObject(message, options);
    const requestId = currentRequestId();
    if (requestId) record.requestId = requestId;
    return record;
  }

  protected override stringifyJsonLogObject(record: Record<string, unknown>): string {
    return isFlat(record) ? JSON.stringify(record) : super.stringifyJsonLogObject(record);
  }

  protected override printAsJson(message: unknown, options: JsonLogOptions): void {
    writeLine(
      options.writeStreamType ?? 'stdout',
      this.stringifyJsonLogObject(this.getJsonLogObject(message, options)),
    );
  }
}
