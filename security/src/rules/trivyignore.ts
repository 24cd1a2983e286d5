// .trivyignore: each entry needs a reason and an end date, written in the comment block right above
// it (one block may cover several consecutive entries):
//   # <why it is safe to ignore, for now>; expires: YYYY-MM-DD
//   CVE-2026-12345
import type { Violation } from '../violation.ts';

const RULE = 'trivyignore';
const EXPIRES = /expires:\s*(\S+)/i;

export function checkTrivyignore(file: string, text: string, today: Date): Violation[] {
  const violations: Violation[] = [];
  let comment: string[] = [];
  let entryAbove = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') {
      comment = [];
      entryAbove = false;
      return;
    }
    if (line.startsWith('#')) {
      if (entryAbove) comment = [];
      entryAbove = false;
      comment.push(line.replace(/^#+\s*/, ''));
      return;
    }
    entryAbove = true;
    const entry = line.split(/\s+/)[0];
    const problem = entryProblem(comment.join(' '), today);
    if (problem)
      violations.push({
        file,
        line: index + 1,
        rule: RULE,
        problem: `entry ${entry} ${problem.problem}`,
        fix: problem.fix,
      });
  });
  return violations;
}

function entryProblem(comment: string, today: Date): { problem: string; fix: string } | undefined {
  const fix = 'put "# <why it is safe to ignore>; expires: YYYY-MM-DD" right above it';
  const justification = comment
    .replace(EXPIRES, '')
    .replace(/[\s;,.:-]+/g, ' ')
    .trim();
  if (justification === '') return { problem: 'has no justification', fix };
  const date = EXPIRES.exec(comment)?.[1];
  if (date === undefined) return { problem: 'has no expiry date', fix };
  const expires = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T23:59:59Z`) : undefined;
  if (!expires || Number.isNaN(expires.getTime()) || expires.toISOString().slice(0, 10) !== date) {
    return { problem: `has an invalid expiry date "${date}"`, fix: 'write the date as YYYY-MM-DD' };
  }
  if (expires < today)
    return { problem: `expired on ${date}`, fix: 'fix the finding, or re-justify the entry with a new date' };
  return undefined;
}
