/** Maps what went wrong in a command to a plain message on stderr and its documented exit code. */
import { CommandError, CommandNotFoundError, IptablesMissingError, NetnsError } from '../backend/errors.js';
import { ParseError } from '../domain/text/parse-error.js';
import { NotFoundError } from './commands.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { UsageError } from './args.js';
import { ApplyError } from '../backend/apply.js';
import { GuardError, PendingCommitError } from '../app/safety/safety-net.js';
import { StateDirError } from '../app/state/state-dir.js';
import { SaveError, WouldNotLoadError } from '../persist/save-boot.js';
import { BootCheckError } from '../backend/boot-check.js';
import { WriteError } from '../persist/atomic-write.js';
import { printable } from '../domain/text/printable.js';
import { PacketSpecError } from '../domain/analysis/packet-spec.js';
import { InputError } from '../app/sources/load-ruleset.js';
import { WatchStartError } from '../app/watch/watch-session.js';
import { TraceRulesLeftError } from '../backend/watch-rules.js';
import { RulesElsewhereError } from '../app/safety/rules-elsewhere.js';
import { LinksUnreadableError } from '../app/exposure/live-facts.js';

export const NEEDS_ROOT = 'fwtui needs root: sudo fwtui';

/** A bad command line: what is wrong, one line, and where the help is (README: exit 2); the one path for all. */
export function reportUsage(e: UsageError, deps: { stderr: (text: string) => void }): ExitCode {
  // One line and where the help is: the whole help would push the message off the screen.
  deps.stderr(`fwtui: ${printable(e.message)}\nsee fwtui --help\n`);
  return EXIT.usage;
}

/** Maps an error to its message and exit code. */
export function report(e: unknown, deps: { stderr: (text: string) => void }): ExitCode {
  const say = (msg: string, code: ExitCode): ExitCode => {
    // Messages quote files, iptables' stderr and names: never let them drive the terminal.
    deps.stderr(`fwtui: ${printable(msg)}\n`);
    return code;
  };
  if (e instanceof UsageError) return reportUsage(e, deps);
  if (e instanceof PacketSpecError) return reportUsage(new UsageError(`trace: ${e.message}`), deps);
  if (e instanceof ParseError) return say(`cannot read the ruleset: ${e.message}`, EXIT.badInput);
  if (e instanceof InputError) return say(e.message, EXIT.badInput);
  if (e instanceof IptablesMissingError) return say(e.message, EXIT.missingTool);
  if (e instanceof CommandNotFoundError) return say(e.message, EXIT.missingTool);
  if (e instanceof NetnsError) return say(e.message, EXIT.failure);
  if (e instanceof NotFoundError) return say(e.message, EXIT.failure);
  if (e instanceof PendingCommitError) return say(e.message, EXIT.pending);
  if (e instanceof RulesElsewhereError) return say(e.message, EXIT.foreignChains);
  if (e instanceof WouldNotLoadError) return say(e.message, EXIT.wouldNotLoad);
  if (e instanceof BootCheckError || e instanceof LinksUnreadableError) return say(e.message, EXIT.failure);
  if (
    e instanceof StateDirError ||
    e instanceof GuardError ||
    e instanceof ApplyError ||
    e instanceof SaveError ||
    e instanceof WriteError ||
    e instanceof WatchStartError ||
    e instanceof TraceRulesLeftError
  )
    return say(e.message, EXIT.failure);
  if (e instanceof CommandError) {
    if (/Permission denied|you must be root/i.test(e.stderr)) return say(NEEDS_ROOT, EXIT.needsRoot);
    return say(`${e.message}${e.stderr.trim().includes('\n') ? `\n${e.stderr.trim()}` : ''}`, EXIT.failure);
  }
  return say(`unexpected error: ${e instanceof Error ? e.message : String(e)}`, EXIT.failure);
}
