/** Composition root: the real runner, the process's streams, then main(). The view loads only when used. */
import { createExecaRunner } from './backend/runner.js';
import { createCommandLog } from './backend/command-log.js';
import { fileURLToPath } from 'node:url';
import { selfCommand } from './build-info.js';
import { createAskKeep } from './cli/ask-keep.js';
import { createAskWord, createAskYes } from './cli/ask-yes.js';
import { main } from './cli/main.js';

// A reader that stops early (`fwtui status | head -2`) is not an error: stop writing, as other tools do.
// EIO: the terminal is gone (SSH died). Not an error either: SIGHUP ends the view, and what fwtui does on its way
// out (a watch's TRACE rule removed, a commit's write finished) must still run, not be cut by an exit here.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  if (error.code === 'EIO') return;
  throw error;
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EIO') throw error;
});

process.on('uncaughtException', (error) => {
  // The 'exit' handler of the full-screen mode restores the terminal first.
  process.stderr.write(`fwtui: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

const argv = process.argv.slice(2);
// How the guard starts this fwtui again: `node dist/fwtui.mjs __guard DIR ROLE …`, or, in the standalone
// executable (whose process.execPath is fwtui itself, runtime built in), `fwtui __guard DIR ROLE …`.
const self = selfCommand(process.execPath, fileURLToPath(import.meta.url));
// Every command the runner starts is reported here: the view's message history and --log read it.
const commandLog = createCommandLog();
const runner = createExecaRunner({ onCommand: commandLog.record });

const code =
  argv[0] === '__guard'
    ? await (await import('./cli/guard-main.js')).guardMain(argv.slice(1), runner, self)
    : argv[0] === '__watch-cleaner'
      ? await (await import('./cli/watch-cleaner-main.js')).watchCleanerMain(argv.slice(1), runner)
      : argv[0] === '__guard-wait'
        ? await (await import('./cli/guard-wait-main.js')).guardWaitMain(argv.slice(1), runner, self)
        : await main(argv, {
            guardCommand: self,
            askKeep: createAskKeep(process.stdin, process.stdout),
            askYes: createAskYes(process.stdin, process.stdout),
            askWord: createAskWord(process.stdin, process.stdout),
            runner,
            commandLog,
            stdout: (t) => process.stdout.write(t),
            // A pipe to a slow reader (less, ssh): wait for it, so long output is not queued whole in memory.
            drain: () =>
              process.stdout.writableNeedDrain
                ? new Promise((r) => process.stdout.once('drain', r))
                : Promise.resolve(),
            stderr: (t) => process.stderr.write(t),
            isRoot: () => process.getuid?.() === 0,
            startTui: async (opts, runner, log) => {
              // Ink prints only the last frame when it thinks it runs in CI (CI, CONTINUOUS_INTEGRATION, CI_*).
              // The view runs only on a terminal, so that mode is never wanted: drop those before Ink loads.
              for (const name of Object.keys(process.env)) {
                if (name === 'CI' || name === 'CONTINUOUS_INTEGRATION' || name.startsWith('CI_'))
                  delete process.env[name];
              }
              const { startTui } = await import('./cli/start-tui.js');
              const isTerminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
              return startTui(opts, runner, {
                stderr: (t) => process.stderr.write(t),
                isTerminal,
                isRoot: process.getuid?.() === 0,
                guardCommand: self,
                log,
              });
            },
          });
process.exitCode = code;
