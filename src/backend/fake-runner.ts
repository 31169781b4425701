/** A CommandRunner for tests: expects exact argv in order and returns canned output. */
import { displayCommand, type Command, type CommandResult } from './command.js';
import { CommandNotFoundError } from './errors.js';
import type { BackgroundProcess, CommandRunner, FollowedProcess } from './runner.js';

/** Characters per piece in stream(): small and odd, so pieces split lines and words. */
const STREAM_PIECE = 61;

/** A program started with follow(): the test writes its output and ends it. */
export interface FakeFollowed {
  readonly cmd: Command;
  /** Hands `text` to the reader as the program's output. */
  print(text: string): void;
  /** Ends the program with `exitCode` (and `stderr`); nothing when it has already ended. */
  end(exitCode: number, stderr?: string): void;
  /** Whether the reader stopped it. */
  stopped: boolean;
}

interface Expectation {
  argv: readonly string[];
  result: Partial<CommandResult> | 'not-found';
}

export class FakeRunner implements CommandRunner {
  private readonly expected: Expectation[] = [];
  /** Every command run, in order. */
  readonly calls: Command[] = [];
  /** Every background command stopped, in order. */
  readonly stopped: Command[] = [];
  /** Every program started with follow(), in order. */
  readonly followed: FakeFollowed[] = [];

  /** Expect `argv` next; answer with `result` (exit 0, empty output by default) or "not found". */
  expect(argv: readonly string[], result: Partial<CommandResult> | 'not-found' = {}): this {
    this.expected.push({ argv, result });
    return this;
  }

  async run(cmd: Command): Promise<CommandResult> {
    return this.answer(cmd);
  }

  /** The same expectations as run(), answered at once; a program not found is exit code 127, as in the real one. */
  runSync(cmd: Command): CommandResult {
    try {
      return this.answer(cmd);
    } catch (e) {
      if (!(e instanceof CommandNotFoundError)) throw e;
      return { stdout: '', stderr: `${cmd.file}: not found`, exitCode: 127, durationMs: 0 };
    }
  }

  private answer(cmd: Command): CommandResult {
    this.calls.push(cmd);
    const argv = [cmd.file, ...cmd.args];
    const next = this.expected.shift();
    if (!next) throw new Error(`unexpected command: ${displayCommand(cmd)}`);
    if (next.argv.join('\0') !== argv.join('\0')) {
      throw new Error(`expected ${JSON.stringify(next.argv)}, got ${JSON.stringify(argv)}`);
    }
    if (next.result === 'not-found') throw new CommandNotFoundError(cmd.file);
    return { stdout: '', stderr: '', exitCode: 0, durationMs: 1, ...next.result };
  }

  /** Hands the canned stdout over in small pieces, so callers meet lines split anywhere. */
  async stream(cmd: Command, onStdout: (piece: string) => void): Promise<CommandResult> {
    const result = await this.run(cmd);
    for (let at = 0; at < result.stdout.length; at += STREAM_PIECE)
      onStdout(result.stdout.slice(at, at + STREAM_PIECE));
    return { ...result, stdout: '' };
  }

  /** Expected like run(); its handle records the command in `stopped` when stopped. */
  background(cmd: Command): BackgroundProcess {
    this.answer(cmd);
    return { stop: () => void this.stopped.push(cmd) };
  }

  /** Expected like run(); the test drives it through `followed`. Stopping it ends it with 143 (SIGTERM). */
  follow(cmd: Command, onStdout: (piece: string) => void, onEnd: (result: CommandResult) => void): FollowedProcess {
    this.answer(cmd);
    let ended = false;
    const handle: FakeFollowed = {
      cmd,
      stopped: false,
      print: (text) => {
        if (!ended) onStdout(text);
      },
      end: (exitCode, stderr = '') => {
        if (ended) return;
        ended = true;
        onEnd({ stdout: '', stderr, exitCode, durationMs: 1 });
      },
    };
    this.followed.push(handle);
    return {
      pid: 4242,
      stop: () => {
        handle.stopped = true;
        handle.end(143);
      },
    };
  }

  /** Fails when an expected command was never run. */
  assertAllCalled(): void {
    if (this.expected.length > 0) {
      throw new Error(`commands never run: ${this.expected.map((e) => JSON.stringify(e.argv)).join(', ')}`);
    }
  }
}
