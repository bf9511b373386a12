// Prints "passed failed skipped" from a Jest or Playwright JSON report, for ./run test's total line.
import { readFileSync } from 'node:fs';

const [file, kind] = process.argv.slice(2);
const report = JSON.parse(readFileSync(file, 'utf8'));
if (kind === 'jest') {
  // A suite that failed to run at all (syntax error, import failure) has no tests: count it as a failure.
  const brokenSuites = (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
  console.log(report.numPassedTests, report.numFailedTests + brokenSuites, report.numPendingTests + report.numTodoTests);
} else if (kind === 'playwright') {
  const s = report.stats ?? {};
  console.log(s.expected ?? 0, (s.unexpected ?? 0) + (s.flaky ?? 0) + (report.errors?.length ?? 0), s.skipped ?? 0);
} else {
  throw new Error(`unknown report kind ${kind}`);
}
