import { defineConfig } from 'vitest/config';

// Under CI, tests that need root and namespaces must run, never skip (test/helpers/netns.ts).
// CI itself is set to false for the test processes: Ink (and so ink-testing-library) renders
// nothing but the last frame when it believes it runs in CI.
const strict = Boolean(process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0');

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Integration tests share the kernel's netns list and xtables lock: run files one at a time.
    fileParallelism: false,
    testTimeout: 30_000,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    env: { CI: 'false', FWTUI_STRICT_TESTS: strict ? '1' : '' },
    hookTimeout: 60_000,
  },
});
