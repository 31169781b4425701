/**
 * Runs one fwtui command line and returns its exit code. Every failure
 * becomes a plain message on stderr and a documented exit code, never a
 * stack trace.
 */
import { CommandError, CommandNotFoundError, IptablesMissingError, NetnsError } from '../backend/errors.js';
import { createIptables } from '../backend/iptables.js';
import type { CommandRunner } from '../backend/runner.js';
import { ParseError } from '../domain/text/parse-error.js';
import { USAGE, UsageError, parseArgs, type CliOptions } from './args.js';
import { versionDetails } from '../build-info.js';
import { NotFoundError, VERSION, exportText, listText } from './commands.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { ApplyError } from '../backend/apply.js';
import { GuardError, PendingCommitError } from '../app/safety/safety-net.js';
import { StateDirError } from '../app/state/state-dir.js';
import { blockCommand } from './block-command.js';
import { applyCommand, confirmCommand, revertCommand, statusCommand, type SafetyIo } from './safety-commands.js';
import { safetyDeps } from '../app/safety/safety-deps.js';
import { checkOrphan } from './orphan-check.js';
import { saveCommand, savedDiffCommand } from './save-commands.js';
import { bootPort } from '../app/boot/boot-port.js';
import { SaveError, WouldNotLoadError } from '../persist/save-boot.js';
import { BootCheckError } from '../backend/boot-check.js';
import { WriteError } from '../persist/atomic-write.js';
import { findProtect } from '../app/admin-sessions.js';
import type { Protect } from '../domain/analysis/lockout.js';
import { traceCommand } from './trace-command.js';
import { printable } from '../domain/text/printable.js';
import type { CommandLog } from '../backend/command-log.js';
import { LogFileError } from '../persist/log-file.js';
import { startAudit, type Audit } from './audit-log.js';

/** What the view's message history and --log are fed from. */
export interface TuiLog {
  readonly commands: CommandLog | undefined;
  readonly audit: Audit | null;
}
import { PacketSpecError } from '../domain/analysis/packet-spec.js';
import { InputError, loadFromFile, loadLive, readStdin, type LoadedRuleset } from '../app/sources/load-ruleset.js';

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
}

export const NEEDS_ROOT = 'fwtui needs root: sudo fwtui';

async function load(opts: CliOptions, deps: MainDeps): Promise<LoadedRuleset> {
  const family = opts.family ?? 'ipv4';
  if (opts.file !== undefined) return loadFromFile(opts.file, family, deps.stdin ?? readStdin);
  return loadLive(createIptables({ runner: deps.runner, netns: opts.netns, variant: opts.backend }), family);
}

export async function main(argv: readonly string[], deps: MainDeps): Promise<ExitCode> {
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    deps.stderr(`fwtui: ${e.message}\n\n${USAGE}\n`);
    return EXIT.usage;
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
    const loaded = await load(opts, deps);
    for (const w of loaded.ruleset.warnings) deps.stderr(`fwtui: warning: ${printable(w)}\n`);
    if (opts.command === 'export') deps.stdout(exportText(loaded));
    else {
      for (const piece of listText(loaded, opts)) {
        deps.stdout(piece);
        await deps.drain?.();
      }
    }
    return EXIT.ok;
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

function safetyCommand(opts: CliOptions, deps: MainDeps): Promise<ExitCode> {
  const net = safetyDeps({ netns: opts.netns, backend: opts.backend }, deps.runner, deps.guardCommand ?? []);
  const io: SafetyIo = {
    stdout: deps.stdout,
    stderr: deps.stderr,
    stdin: deps.stdin ?? readStdin,
    askKeep: deps.askKeep ?? (async () => 'no'),
    askWord: deps.askWord,
    scope: { netns: opts.netns, backend: opts.backend, root: opts.root },
  };
  const protect = (): Promise<Protect> =>
    deps.protect ? deps.protect(opts.netns) : findProtect({ runner: deps.runner, netns: opts.netns });
  if (opts.command === 'apply') return applyCommand(opts, deps.runner, net, io, protect);
  if (opts.command === 'block') return blockCommand(opts, deps.runner, net, io, protect);
  if (opts.command === 'confirm') return confirmCommand(net, io);
  if (opts.command === 'revert') return revertCommand(net, io);
  const unsaved = async (): Promise<boolean> => {
    const iptables = createIptables({ runner: deps.runner, netns: opts.netns, variant: opts.backend });
    return (await bootPort(opts, iptables, deps.runner).diff()).length > 0;
  };
  return statusCommand(net, io, opts.json, unsaved);
}

/** Maps an error to its message and exit code. */
export function report(e: unknown, deps: Pick<MainDeps, 'stderr'>): ExitCode {
  const say = (msg: string, code: ExitCode): ExitCode => {
    // Messages quote files, iptables' stderr and names: never let them drive the terminal.
    deps.stderr(`fwtui: ${printable(msg)}\n`);
    return code;
  };
  if (e instanceof PacketSpecError) return say(`trace: ${e.message}`, EXIT.usage);
  if (e instanceof ParseError) return say(`cannot read the ruleset: ${e.message}`, EXIT.badInput);
  if (e instanceof InputError) return say(e.message, EXIT.badInput);
  if (e instanceof IptablesMissingError) return say(e.message, EXIT.missingTool);
  if (e instanceof CommandNotFoundError) return say(e.message, EXIT.missingTool);
  if (e instanceof NetnsError) return say(e.message, EXIT.failure);
  if (e instanceof NotFoundError) return say(e.message, EXIT.failure);
  if (e instanceof PendingCommitError) return say(e.message, EXIT.pending);
  if (e instanceof WouldNotLoadError) return say(e.message, EXIT.wouldNotLoad);
  if (e instanceof BootCheckError) return say(e.message, EXIT.failure);
  if (
    e instanceof StateDirError ||
    e instanceof GuardError ||
    e instanceof ApplyError ||
    e instanceof SaveError ||
    e instanceof WriteError
  )
    return say(e.message, EXIT.failure);
  if (e instanceof CommandError) {
    if (/Permission denied|you must be root/i.test(e.stderr)) return say(NEEDS_ROOT, EXIT.needsRoot);
    return say(`${e.message}${e.stderr.trim().includes('\n') ? `\n${e.stderr.trim()}` : ''}`, EXIT.failure);
  }
  return say(`unexpected error: ${e instanceof Error ? e.message : String(e)}`, EXIT.failure);
}
