// A node:test reporter that writes the Jest JSON shape scripts/test-summary.mjs adds up
// (numPassedTests, numFailedTests, with the per-file results for a reader).
import type { TestEvent } from 'node:test/reporters';

interface Assertion {
  title: string;
  status: 'passed' | 'failed' | 'pending';
  failureMessages: string[];
}

export default async function* jestJson(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const files = new Map<string, Assertion[]>();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    // Suites (describe) are containers; their tests are counted one by one.
    if (data.details.type === 'suite') continue;
    const failed = event.type === 'test:fail';
    const error = failed ? event.data.details.error : undefined;
    const assertion: Assertion = {
      title: data.name,
      status: data.skip !== undefined || data.todo !== undefined ? 'pending' : failed ? 'failed' : 'passed',
      failureMessages: error ? [String(error.cause ?? error)] : [],
    };
    const file = data.file ?? '(unknown)';
    files.set(file, [...(files.get(file) ?? []), assertion]);
  }
  const all = [...files.values()].flat();
  const count = (status: Assertion['status']) => all.filter((a) => a.status === status).length;
  const numFailedTests = count('failed');
  yield `${JSON.stringify(
    {
      numPassedTests: count('passed'),
      numFailedTests,
      numPendingTests: count('pending'),
      numTotalTests: all.length,
      success: numFailedTests === 0,
      testResults: [...files].map(([name, assertionResults]) => ({ name, assertionResults })),
    },
    null,
    2,
  )}\n`;
}
