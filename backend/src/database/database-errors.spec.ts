import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable, isUniqueViolation } from './database-errors';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
const query = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['an unknown host (database container gone)', withCode('ENOTFOUND')],
    ['a pool wait timeout', new Error('timeout exceeded when trying to connect')],
    [
      'a connect timeout, wrapped by the pool',
      new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') }),
    ],
    ['a connection lost during a query', query(new Error('Connection terminated unexpectedly'))],
    ['no answer within DB_QUERY_TIMEOUT_MS (a frozen server)', query(new Error('Query read timeout'))],
    ['a server shutting down (57P01)', query(withCode('57P01'))],
    ['a server starting up (57P03)', withCode('57P03')],
    ['a connection exception (08006)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['a statement timeout (57014)', query(withCode('57014'))],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', query(withCode('23505'))],
    ['a permission error', query(withCode('42501'))],
    ['a syntax error', query(withCode('42601'))],
    ['a programming error', new TypeError('x is undefined')],
    ['a non-error', 'ECONNREFUSED'],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('isUniqueViolation', () => {
  const violation = query(Object.assign(withCode('23505'), { constraint: 'UQ_items_name' }));

  it('matches the code and the constraint', () => {
    expect(isUniqueViolation(violation, 'UQ_items_name')).toBe(true);
    expect(isUniqueViolation(violation, 'UQ_other')).toBe(false);
    expect(isUniqueViolation(query(withCode('23503')), 'UQ_items_name')).toBe(false);
  });
});
