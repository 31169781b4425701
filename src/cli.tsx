/** Composition root: the real runner, the process's streams, then main(). */
import { createExecaRunner } from './backend/runner.js';
import { main } from './cli/main.js';

const code = await main(process.argv.slice(2), {
  runner: createExecaRunner(),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isRoot: () => process.getuid?.() === 0,
});
process.exitCode = code;
