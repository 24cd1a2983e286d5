import { QueryFailedError } from 'typeorm';

// Socket-level failures on the way to PostgreSQL (refused, reset, unreachable, name not resolved).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// SQLSTATEs of a server that is going away, starting, full or too slow: class 08 (connection
// exception) is matched by prefix; 57P01-57P03 shutdown/starting up; 53300 too many connections;
// 57014 statement timeout.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
// node-postgres and its pool report a lost, missing or silent connection by message only (no code).
const LOST_CONNECTION = new RegExp(
  '^(timeout exceeded when trying to connect|Query read timeout|Connection terminated' +
    '|Client has encountered a connection error' +
    '|Client was closed|Cannot use a pool after calling end)',
);

/** The PostgreSQL error behind a TypeORM error, or the error itself. */
function driverError(error: unknown): unknown {
  return error instanceof QueryFailedError ? error.driverError : error;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the error says the database cannot be reached or cannot serve now: a 503, not a 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Follows `cause`: the pool wraps a connect timeout around the socket error.
  for (let current = driverError(error); current instanceof Error; current = current.cause) {
    const code = codeOf(current);
    if (code && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) return true;
    if (LOST_CONNECTION.test(current.message)) return true;
  }
  return false;
}

/** True for a unique_violation (23505) on the named constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const cause = driverError(error) as { constraint?: unknown };
  return codeOf(cause) === '23505' && cause.constraint === constraint;
}
