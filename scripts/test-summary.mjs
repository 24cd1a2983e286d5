// Adds up the Jest-format results of each suite: node test-summary.mjs <suite> <exit code> <results file> ...
// A suite that exited non-zero without a failed test (it crashed, or its setup failed) counts
// as one failed test, so the total never reads "0 failed" for a red run.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (let i = 0; i < args.length; i += 3) {
  const [suite, code, file] = [args[i], Number(args[i + 1]), args[i + 2]];
  let result = { numPassedTests: 0, numFailedTests: 0 };
  try {
    result = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    console.log(`  suite ${suite} left no test results (the suite did not run to the end)`);
  }
  const suiteFailed = result.numFailedTests + (code !== 0 && result.numFailedTests === 0 ? 1 : 0);
  console.log(`  suite ${suite} had ${result.numPassedTests} passed and ${suiteFailed} failed`);
  passed += result.numPassedTests;
  failed += suiteFailed;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
