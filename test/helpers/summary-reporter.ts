/**
 * Closing lines for CI logs: how many tests ran in each real-iptables suite
 * (so the log shows both backends ran), then one plain line,
 * "tests: N passed, N failed, N skipped".
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    const suites: string[] = [];
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else count.skipped++;
      }
      // A file that failed to load has no tests but is still a failure.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) count.failed++;
      if (module.moduleId.includes('/test/integration/')) {
        for (const suite of module.children.suites()) {
          const tests = [...suite.children.allTests()];
          const passed = tests.filter((t) => t.result().state === 'passed').length;
          suites.push(`  ${suite.name}: ${passed} of ${tests.length} passed`);
        }
      }
    }
    if (suites.length > 0) process.stdout.write(`\nreal-iptables suites:\n${suites.join('\n')}\n`);
    process.stdout.write(`\ntests: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`);
  }
}
