// Mutation testing (issue #16 item 8): `npm run mutate`, outside `npm test` because it is slow.
// Unit tests only (test/unit): the real-kernel suites are too slow to run once per mutant.
// One module while you work: `npm run mutate -- --mutate src/domain/analysis/lockout.ts`.

/** The safety-critical domain modules whose mutants must be killed: one list, easy to update after a move. */
const mutate = [
  'src/domain/analysis/lockout.ts',
  'src/domain/analysis/packet-match.ts',
  'src/domain/analysis/evaluate.ts',
  'src/domain/analysis/outcomes.ts',
  'src/domain/analysis/chain-walk.ts',
  'src/domain/edit/edits.ts',
  'src/domain/commit/commit-plan.ts',
  'src/domain/commit/revert-plan.ts',
  'src/domain/commit/revert-merge.ts',
  'src/domain/text/parse-save.ts',
  'src/domain/text/restore-commands.ts',
  'src/domain/text/open-table.ts',
  'src/domain/text/quoting.ts',
  'src/domain/sets/set-match.ts',
  'src/domain/sets/parse-ipset.ts',
  'src/domain/sets/set-restore.ts',
  'src/domain/sets/set-diff.ts',
  'src/domain/sets/set-check.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate,
  testRunner: 'vitest',
  vitest: { configFile: 'test/helpers/vitest-unit.config.ts' },
  coverageAnalysis: 'perTest',
  // A static mutant (a module-level constant) reruns every unit test: 78 % of the time for 17 % of the mutants.
  ignoreStatic: true,
  // The machine is shared: one test process at a time.
  concurrency: 1,
  // Reruns only test the mutants whose code or tests changed since the last run.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowEmojis: false, logTests: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 85, break: null },
};
