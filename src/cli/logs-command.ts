/**
 * `fwtui logs`: the packets the LOG and NFLOG rules of the namespace report, each printed with the rule it belongs
 * to (the view's `l`, as lines). The kernel log's buffer first, then new lines, until --count lines, --seconds, or
 * Ctrl-C / SIGTERM / SIGHUP. Exit 0; 13 when nothing this namespace logs can be read (its LOG rules write nothing
 * and it has no NFLOG rule); 14 when it has no LOG or NFLOG rule at all; 1 when every reader ended by itself.
 */
import { createLogPort } from '../app/logs/log-port.js';
import { loadRuleset } from '../app/sources/load-ruleset.js';
import type { CommandRunner } from '../backend/runner.js';
import {
  hasLogRules,
  hitKey,
  logRulesByKey,
  logSignature,
  nflogGroups,
  signatureKey,
  signatureWarning,
  type LogRulePlace,
} from '../domain/analysis/log-rules.js';
import { ALL_NETNS_ADVICE } from '../domain/analysis/log-reach.js';
import { logHitLine } from '../domain/listing/log-hit-line.js';
import { familyLabel } from '../domain/model/family-label.js';
import type { Family, Table } from '../domain/model/ruleset.js';
import { printable } from '../domain/text/printable.js';
import type { CliOptions } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { STOP_SIGNALS } from './watch-command.js';

/** Where logs prints and how it hears "stop". */
export interface LogsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Calls `stop` on Ctrl-C, SIGTERM or SIGHUP; returns what takes the handlers away. @default real signals */
  onStop?: (stop: () => void) => () => void;
}

function processStop(stop: () => void): () => void {
  for (const s of STOP_SIGNALS) process.on(s, stop);
  return () => {
    for (const s of STOP_SIGNALS) process.off(s, stop);
  };
}

const place = (p: LogRulePlace): string => `${p.table} ${p.chain} #${p.number}`;

/** What the admin must know about the rules' signatures (no prefix, shared), once each. */
function signatureWarnings(family: Family, tables: readonly Table[], byKey: Map<string, LogRulePlace[]>): string[] {
  const out = new Set<string>();
  for (const t of tables)
    for (const c of t.chains)
      c.rules.forEach((r, i) => {
        const sig = logSignature(r, family);
        if (!sig) return;
        const key = signatureKey(sig);
        const w = signatureWarning(sig, key === null ? [] : (byKey.get(key) ?? []));
        if (w) out.add(`${t.name} ${c.name} #${i + 1}: ${w}`);
      });
  return [...out];
}

/** Runs `fwtui logs` to its end. @throws what reading the rules throws (reported by main) */
export async function logsCommand(opts: CliOptions, runner: CommandRunner, io: LogsIo): Promise<ExitCode> {
  const family: Family = opts.family ?? 'ipv4';
  const scope = { netns: opts.netns, backend: opts.backend, file: undefined, family };
  const { ruleset } = await loadRuleset(scope, runner, async () => '');
  const byKey = logRulesByKey(family, ruleset.tables);
  const groups = nflogGroups(family, ruleset.tables);
  const kernelLog = hasLogRules(family, ruleset.tables);
  const say = (text: string): void => io.stderr(`fwtui: ${printable(text)}\n`);
  if (!kernelLog && groups.length === 0) {
    say(`no LOG or NFLOG rule in the ${familyLabel(family)} rules: nothing to read`);
    return EXIT.nothingToRead;
  }
  for (const w of signatureWarnings(family, ruleset.tables, byKey)) say(w);
  let printed = 0;
  let finish: (code: ExitCode) => void = () => undefined;
  const done = new Promise<ExitCode>((resolve) => {
    finish = resolve;
  });
  // Readers that ended by themselves; when all have, nothing more can come.
  let ended = 0;
  let readers = Number.POSITIVE_INFINITY;
  const feed = await createLogPort(runner, opts.netns).start(
    { kernelLog, nflogGroups: groups },
    {
      hits: (hits) => {
        for (const h of hits) {
          const key = hitKey(h);
          const places = key === null ? undefined : byKey.get(key);
          // The kernel log is the machine's: lines of other rules (or no rule of these) are not this firewall's.
          if (!places || printed >= opts.count) continue;
          io.stdout(`${printable(`${places.map(place).join(', ')}: ${logHitLine(h)}`)}\n`);
          if (++printed >= opts.count) finish(EXIT.ok);
        }
      },
      ended: (what, why) => {
        say(`${what}: ${why}`);
        if (++ended >= readers) finish(EXIT.failure);
      },
    },
  );
  readers = (feed.kernelLog ? 1 : 0) + feed.nflogGroups.length;
  if (feed.kernelLogSilent) for (const l of [feed.kernelLogSilent, ...ALL_NETNS_ADVICE]) say(l);
  for (const n of feed.notes) say(n);
  if (readers === 0) {
    feed.stop();
    return EXIT.unavailable;
  }
  const what = [...(feed.kernelLog ? ['the kernel log'] : []), ...groups.map((g) => `NFLOG group ${g}`)];
  say(`reading ${what.join(' and ')} (until ${opts.count} lines or ${opts.seconds} s; Ctrl-C stops)`);
  if (ended >= readers) finish(EXIT.failure);
  const timer = setTimeout(() => finish(EXIT.ok), opts.seconds * 1000);
  const unhook = (io.onStop ?? processStop)(() => finish(EXIT.ok));
  const code = await done;
  clearTimeout(timer);
  unhook();
  feed.stop();
  say(`${printed} line${printed === 1 ? '' : 's'} shown`);
  return code;
}
