/** The one place fwtui starts processes: execa with argv arrays, no shell. */
import { spawn } from 'node:child_process';
import { execa, execaSync } from 'execa';
import type { Command, CommandResult } from './command.js';
import { CommandNotFoundError } from './errors.js';
import { followProcess, type FollowedProcess } from './follow.js';
import { startWaiting, type WaitingProcess } from './waiting-process.js';

export type { FollowedProcess } from './follow.js';
export type { WaitingProcess } from './waiting-process.js';

/** Runs commands. Injected everywhere so tests can substitute FakeRunner. */
export interface CommandRunner {
  /**
   * Runs one command to completion. Resolves with its output whatever the exit code.
   * @throws CommandNotFoundError when the program does not exist.
   */
  run(cmd: Command): Promise<CommandResult>;
  /**
   * Runs one command, handing its standard output over piece by piece as it
   * arrives (UTF-8 decoded, pieces split anywhere) instead of collecting it:
   * big reads are parsed while the program still prints. The result's stdout is empty.
   * @throws CommandNotFoundError when the program does not exist; what `onStdout`
   *   threw, once the program has finished (the rest of its output is dropped).
   */
  stream(cmd: Command, onStdout: (piece: string) => void): Promise<CommandResult>;
  /**
   * Reports a command started elsewhere and left running (the guard, detached)
   * to the command log, so the log still lists every command fwtui started.
   */
  note?(cmd: Command, result: CommandResult): void;
  /**
   * Starts a program that outlives this process and is not waited for: its
   * own session (setsid), no terminal, stdin closed, stdout and stderr to the
   * open file `logFd`, working directory `/`. Absent in runners that cannot.
   * @returns its pid, or null when it could not be started.
   */
  detach?(cmd: Command, logFd: number): number | null;
  /**
   * Starts a program that waits, detached like `detach`, for words fwtui writes to its stdin (a pipe only this
   * fwtui holds; EOF when fwtui ends): the prepared guards. Absent in runners that cannot.
   */
  prepare?(cmd: Command): WaitingProcess;
  /**
   * Starts a program beside fwtui and does not wait for it (the demo's traffic): its stdin is a pipe
   * that closes when fwtui exits, so a program reading it ends with fwtui; its output is dropped.
   * The command log lists it as started in the background. Absent in runners that cannot.
   */
  background?(cmd: Command): BackgroundProcess;
  /**
   * Starts a long-running reader beside fwtui (xtables-monitor) and does not wait for it: its stdout is handed to
   * `onStdout` as it arrives, `onEnd` hears how it ended (127: not found). Listed in the command log when it starts
   * (in the background) and when it ends. Ends with fwtui. Absent in runners that cannot.
   */
  follow?(cmd: Command, onStdout: (piece: string) => void, onEnd: (result: CommandResult) => void): FollowedProcess;
  /**
   * Runs one command to completion synchronously, for a process 'exit' handler (where nothing
   * asynchronous runs any more). Never throws for the program's failure: it is in the result.
   * Absent in runners that cannot.
   */
  runSync?(cmd: Command): CommandResult;
  /**
   * Whether fwtui started the process with this pid (among the last few hundred it started): a ruleset change
   * the kernel reports from that pid is fwtui's own, not another program's. Absent in runners that cannot tell.
   */
  startedPid?(pid: number): boolean;
}

/** A program started with `background`. */
export interface BackgroundProcess {
  /** Ends it (SIGTERM); nothing when it has already ended. */
  stop(): void;
}

/** Called after every command (also one whose program was not found: exit code 127), for the visible command log. */
export type CommandListener = (cmd: Command, result: CommandResult) => void;

export interface ExecaRunnerOptions {
  /** Told about every command run: argv, exit code, duration (see command-log.ts). */
  onCommand?: CommandListener;
  /** How long a finished command's pid still counts as fwtui's own. @default 10 s */
  forgetPidMs?: number;
}

/** How long a finished command's pid still counts as fwtui's own (its ruleset events may arrive late). */
const FORGET_PID_MS = 10_000;

/** The real runner. */
export function createExecaRunner(options: ExecaRunnerOptions = {}): CommandRunner {
  // `ip netns exec` and iptables exec in place: the pid the kernel reports for a write is the one started here.
  const ownPids = new Set<number>();
  const remember = (pid: number | undefined): void => {
    if (pid === undefined) return;
    ownPids.add(pid);
    if (ownPids.size > 512) ownPids.delete(ownPids.values().next().value!);
  };
  // Once its process has ended (and the monitor has had time to report its writes), a pid may be reused by another
  // program, whose writes must not pass for fwtui's own.
  const forgetLater = (pid: number | undefined): void => {
    if (pid !== undefined) setTimeout(() => ownPids.delete(pid), options.forgetPidMs ?? FORGET_PID_MS).unref();
  };
  async function start(cmd: Command, onStdout?: (piece: string) => void): Promise<CommandResult> {
    const started = performance.now();
    const subprocess = execa(cmd.file, [...cmd.args], {
      input: cmd.stdin ?? '',
      reject: false,
      shell: false,
      stripFinalNewline: false,
      // Untranslated messages: we match on iptables' English errors.
      env: { ...cmd.env, LC_ALL: 'C' },
      // Extra descriptors are inherited as they are (a lock file held by fwtui, say).
      ...(cmd.fds && cmd.fds.length > 0
        ? { stdio: ['pipe', 'pipe', 'pipe', ...cmd.fds] as unknown as ['pipe', 'pipe', 'pipe'] }
        : {}),
      maxBuffer: 1024 * 1024 * 1024,
      buffer: { stdout: onStdout === undefined, stderr: true },
    });
    remember(subprocess.pid);
    let refused: { error: unknown } | null = null;
    if (onStdout && subprocess.stdout) {
      // The decoder keeps a UTF-8 character split between two reads whole.
      subprocess.stdout.setEncoding('utf8');
      subprocess.stdout.on('data', (piece: string) => {
        if (refused) return;
        try {
          onStdout(piece);
        } catch (error) {
          // The rest is read and dropped so the program can finish; the error comes after it.
          refused = { error };
        }
      });
    }
    const result = await subprocess;
    forgetLater(subprocess.pid);
    if (
      result.code === 'ENOENT' ||
      (result.failed && result.exitCode === undefined && /ENOENT/.test(String(result.message)))
    ) {
      // Logged too: a command that could not start is a command fwtui tried (127, as a shell says).
      const durationMs = performance.now() - started;
      options.onCommand?.(cmd, { stdout: '', stderr: `${cmd.file}: not found`, exitCode: 127, durationMs });
      throw new CommandNotFoundError(cmd.file);
    }
    const done: CommandResult = {
      stdout: onStdout ? '' : String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      exitCode: result.exitCode ?? 1,
      durationMs: performance.now() - started,
    };
    options.onCommand?.(cmd, done);
    if (refused) throw (refused as { error: unknown }).error;
    return done;
  }
  function detach(cmd: Command, logFd: number): number | null {
    const child = spawn(cmd.file, [...cmd.args], {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      cwd: '/',
      shell: false,
    });
    child.on('error', () => undefined);
    child.unref();
    // Not remembered as a writer (the guards' and the cleaner's writes come from children of their own), and never
    // forgotten: a pid kept for a process that ends hours later could, reused, pass another program's write as fwtui's.
    // Not waited for: still listed in the command log.
    options.onCommand?.(cmd, { stdout: '', stderr: '', exitCode: 0, durationMs: 0, detached: true });
    return child.pid ?? null;
  }
  function background(cmd: Command): BackgroundProcess {
    const child = execa(cmd.file, [...cmd.args], {
      stdin: 'pipe',
      stdout: 'ignore',
      stderr: 'ignore',
      reject: false,
      shell: false,
      env: { ...cmd.env, LC_ALL: 'C' },
    });
    options.onCommand?.(cmd, { stdout: '', stderr: '', exitCode: 0, durationMs: 0, detached: true });
    return { stop: () => void child.kill() };
  }
  function runSync(cmd: Command): CommandResult {
    const started = performance.now();
    const r = execaSync(cmd.file, [...cmd.args], {
      input: cmd.stdin ?? '',
      reject: false,
      shell: false,
      stripFinalNewline: false,
      env: { ...cmd.env, LC_ALL: 'C' },
    });
    const notFound = r.code === 'ENOENT';
    const done: CommandResult = {
      stdout: String(r.stdout ?? ''),
      stderr: notFound ? `${cmd.file}: not found` : String(r.stderr ?? ''),
      exitCode: notFound ? 127 : (r.exitCode ?? 1),
      durationMs: performance.now() - started,
    };
    options.onCommand?.(cmd, done);
    return done;
  }
  return {
    run: (cmd) => start(cmd),
    stream: (cmd, onStdout) => start(cmd, onStdout),
    note: (cmd, result) => options.onCommand?.(cmd, result),
    detach,
    prepare(cmd) {
      const waiting = startWaiting(cmd);
      options.onCommand?.(cmd, { stdout: '', stderr: '', exitCode: 0, durationMs: 0, detached: true });
      return waiting;
    },
    background,
    follow: (cmd, onStdout, onEnd) => {
      // Readers (monitors, log readers) write no rules: not remembered (see detach).
      return followProcess(cmd, onStdout, onEnd, options.onCommand);
    },
    startedPid: (pid) => ownPids.has(pid),
    runSync,
  };
}
