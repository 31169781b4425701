/**
 * The unit tests alone (test/unit), for mutation testing (`npm run mutate`, stryker.config.mjs):
 * the real-kernel and terminal suites are too slow to rerun once per mutant.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.js';

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: { ...base.test, include: ['test/unit/**/*.test.ts'], reporters: ['default'] },
});
