/** The one place fwtui starts processes: execa with argv arrays, no shell. */
import { execa } from 'execa';
import type { Command, CommandResult } from './command.js';
import { CommandNotFoundError } from './errors.js';

/** Runs commands. Injected everywhere so tests can substitute FakeRunner. */
export interface CommandRunner {
  /**
   * Runs one command to completion. Resolves with its output whatever the exit code.
   * @throws CommandNotFoundError when the program does not exist.
   */
  run(cmd: Command): Promise<CommandResult>;
}

/** Called after every command, for the visible command log. */
export type CommandListener = (cmd: Command, result: CommandResult) => void;

export interface ExecaRunnerOptions {
  /** Told about every finished command. */
  onCommand?: CommandListener;
}

/** The real runner. */
export function createExecaRunner(options: ExecaRunnerOptions = {}): CommandRunner {
  return {
    async run(cmd) {
      const started = performance.now();
      const result = await execa(cmd.file, [...cmd.args], {
        input: cmd.stdin ?? '',
        reject: false,
        shell: false,
        stripFinalNewline: false,
        // Untranslated messages: we match on iptables' English errors.
        env: { LC_ALL: 'C' },
        maxBuffer: 1024 * 1024 * 1024,
      });
      if (result.code === 'ENOENT' || (result.failed && result.exitCode === undefined && /ENOENT/.test(String(result.message)))) {
        throw new CommandNotFoundError(cmd.file);
      }
      const done: CommandResult = {
        stdout: String(result.stdout ?? ''),
        stderr: String(result.stderr ?? ''),
        exitCode: result.exitCode ?? 1,
        durationMs: performance.now() - started,
      };
      options.onCommand?.(cmd, done);
      return done;
    },
  };
}
