// Assertions the rule tests share.
import assert from 'node:assert/strict';
import { formatViolation, type Violation } from '../src/violation.ts';

/** Exactly one violation, of `rule`, and its printed line matches `pattern`. */
export function assertOnly(violations: Violation[], rule: string, pattern: RegExp): void {
  assert.deepEqual(
    violations.map((v) => v.rule),
    [rule],
    violations.map(formatViolation).join('\n'),
  );
  assert.match(formatViolation(violations[0] as Violation), pattern);
}
