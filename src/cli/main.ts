/**
 * Runs one fwtui command line and returns its exit code. Every failure
 * becomes a plain message on stderr and a documented exit code, never a
 * stack trace.
 */
import type { CommandRunner } from '../backend/runner.js';
import { USAGE, UsageError, parseArgs, type CliOptions } from './args.js';
import { versionDetails } from '../build-info.js';
import { VERSION, printRuleset } from './commands.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { NEEDS_ROOT, report, reportUsage } from './error-report.js';
import { rootDirProblem } from '../persist/root-dir.js';
import { safetyCommand } from './safety-commands.js';
import type { SafetyIo } from './safety-io.js';
import { checkOrphan } from './orphan-check.js';
import { saveCommand, savedDiffCommand } from './save-commands.js';
import type { Protect } from '../domain/analysis/lockout.js';
import { traceCommand } from './trace-command.js';
import { connectionsCommand } from './connections-command.js';
import { logsCommand } from './logs-command.js';
import { exposureCommand } from './exposure-command.js';
import { watchCommand, type WatchIo } from './watch-command.js';
import { WatchUnavailableError } from '../app/watch/watch-session.js';
import type { CommandLog } from '../backend/command-log.js';
import { LogFileError } from '../persist/log-file.js';
import { startAudit, type Audit } from '../app/audit-log.js';
import { readStdin } from '../app/sources/load-ruleset.js';

/** What the view's message history and --log are fed from. */
export interface TuiLog {
  readonly commands: CommandLog | undefined;
  readonly audit: Audit | null;
}

export interface MainDeps {
  runner: CommandRunner;
  stdout: (text: string) => void;
  /** Resolves once what stdout was given has gone out (long output is written in pieces). @default at once */
  drain?: () => Promise<void>;
  stderr: (text: string) => void;
  isRoot: () => boolean;
  stdin?: () => Promise<string>;
  /** Starts the interactive UI; resolves with its exit code. */
  startTui?: (opts: CliOptions, runner: CommandRunner, log: TuiLog) => Promise<ExitCode>;
  /** Every command the runner ran (the runner's onCommand feeds it): the view's history and --log read it. */
  commandLog?: CommandLog;
  /** argv that starts this fwtui (node and its bundle): how the safety net launches its guard. */
  guardCommand?: readonly string[];
  /** apply's "Keep these rules? (y/N)" question. */
  askKeep?: SafetyIo['askKeep'];
  /** A yes/no question on the terminal (save --install-loader). */
  askYes?: (question: string) => Promise<boolean>;
  /** A typed word on the terminal (apply's LOCKOUT); null without one. */
  askWord?: (question: string) => Promise<string | null>;
  /** Whom the lockout check protects; by default found from /proc. */
  protect?: (netns: string | undefined) => Promise<Protect>;
  /** How watch hears stop signals and the process's exit; by default the real process's. */
  watchHooks?: Pick<WatchIo, 'onStop' | 'onExit'>;
}

export async function main(argv: readonly string[], deps: MainDeps): Promise<ExitCode> {
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return reportUsage(e, deps);
  }
  if (opts.command === 'help') {
    deps.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (opts.command === 'version') {
    deps.stdout(`fwtui ${VERSION}\n${versionDetails()}`);
    return EXIT.ok;
  }
  let audit: Audit | null;
  try {
    audit = startAudit(opts.log, deps.commandLog);
  } catch (e) {
    if (!(e instanceof LogFileError)) throw e;
    deps.stderr(`fwtui: ${e.message}\n`);
    return EXIT.failure;
  }
  if (!audit) return runParsed(opts, deps, null);
  const logged = audit;
  try {
    // What fwtui says on stderr goes into the log too (stdout is data: lists, dumps).
    const stderr = (t: string): void => {
      deps.stderr(t);
      logged.message('message', t);
    };
    return await runParsed(opts, { ...deps, stderr }, audit);
  } finally {
    audit.close();
  }
}

async function runParsed(opts: CliOptions, deps: MainDeps, audit: Audit | null): Promise<ExitCode> {
  // A --root that is not a directory is a bad command line, said before anything reads or writes under it.
  const badRoot = opts.root === undefined ? null : rootDirProblem(opts.root);
  if (badRoot !== null) return reportUsage(new UsageError(badRoot), deps);
  // block's --file is its list of addresses: it works on the live firewall.
  const live = (opts.file === undefined || opts.command === 'block') && !(opts.command === 'tui' && opts.demo);
  if (live && !deps.isRoot()) {
    deps.stderr(`${NEEDS_ROOT}\n`);
    return EXIT.needsRoot;
  }
  if (deps.isRoot()) await checkOrphan(opts, deps.runner, deps.guardCommand ?? [], deps.stderr);
  try {
    if (opts.command === 'tui') {
      if (!deps.startTui) throw new Error('the interactive view is not available in this build');
      return await deps.startTui(opts, deps.runner, { commands: deps.commandLog, audit });
    }
    if (
      opts.command === 'apply' ||
      opts.command === 'block' ||
      opts.command === 'confirm' ||
      opts.command === 'revert' ||
      opts.command === 'status'
    ) {
      return await safetyCommand(opts, deps);
    }
    if (opts.command === 'save') return await saveCommand(opts, deps.runner, deps);
    if (opts.command === 'saved-diff') return await savedDiffCommand(opts, deps.runner, deps);
    if (opts.command === 'trace') return await traceOrError(opts, deps);
    if (opts.command === 'connections') return await connectionsCommand(opts, deps.runner, deps);
    if (opts.command === 'exposure')
      return await exposureCommand(opts, deps.runner, { ...deps, stdin: deps.stdin ?? readStdin });
    if (opts.command === 'watch') return await watchOrError(opts, deps);
    if (opts.command === 'logs') return await logsCommand(opts, deps.runner, deps);
    return await printRuleset(opts, deps.runner, { ...deps, stdin: deps.stdin ?? readStdin });
  } catch (e) {
    return report(e, deps);
  }
}

/**
 * trace's exit code is its verdict (0 accept, 1 blocked, 3 uncertain): an
 * error that would exit 1 or 3 elsewhere exits 11 here, so a script cannot
 * take a missing file for "uncertain" or a missing namespace for "dropped".
 */
async function traceOrError(opts: CliOptions, deps: MainDeps): Promise<ExitCode> {
  try {
    return await traceCommand(opts, deps.runner, { ...deps, stdin: deps.stdin ?? readStdin });
  } catch (e) {
    const code = report(e, deps);
    return code === EXIT.failure || code === EXIT.badInput ? EXIT.traceFailed : code;
  }
}

/** watch on legacy is "not available here" (13), said in words; other errors as every command reports them. */
async function watchOrError(opts: CliOptions, deps: MainDeps): Promise<ExitCode> {
  try {
    return await watchCommand(opts, deps.runner, { ...deps, ...deps.watchHooks });
  } catch (e) {
    if (!(e instanceof WatchUnavailableError)) throw e;
    deps.stderr(`fwtui: ${e.message}\n`);
    return EXIT.unavailable;
  }
}
