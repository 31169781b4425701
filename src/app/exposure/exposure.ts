/**
 * `fwtui exposure`'s use case (the view calls it too): the report for one family, from the live firewall
 * of a namespace, or from a saved ruleset and the sockets an admin names (`--file PATH --listen SPEC`).
 */
import type { CommandRunner } from '../../backend/runner.js';
import { dnatPorts } from '../../domain/exposure/dnat-ports.js';
import type { ExposureReport } from '../../domain/exposure/exposure-entry.js';
import { exposureReport, type ExposureFacts } from '../../domain/exposure/exposure-report.js';
import { parseListenSpec } from '../../domain/exposure/listen-spec.js';
import { isWildcard } from '../../domain/exposure/listeners.js';
import { publishedOn } from '../../domain/exposure/dnat-entry.js';
import { unnamedAddresses } from '../../domain/exposure/probe-sources.js';
import { parseRuleView } from '../../domain/model/rule-view.js';
import type { Family, Ruleset } from '../../domain/model/ruleset.js';
import type { ProcView } from '../admin-sessions.js';
import { loadFromFile, type FirewallScope } from '../sources/load-ruleset.js';
import { liveFacts } from './live-facts.js';

/** Where the facts come from. */
export interface ExposureSource extends FirewallScope {
  /** A saved ruleset (`-` stdin) instead of the live firewall. */
  readonly file: string | undefined;
  /** With `file`: the sockets, as `tcp/22,udp/53@127.0.0.1`. */
  readonly listen: string | undefined;
  readonly family: Family;
}

/** The interface a saved ruleset's addresses are taken to be on (none is known). */
const ASSUMED = '(assumed)';
const LOOPBACK = {
  ipv4: [{ iface: 'lo', address: '127.0.0.1', prefix: 8 }],
  ipv6: [{ iface: 'lo', address: '::1', prefix: 128 }],
} as const;

/** The interface a saved ruleset's packet arrives on when the rules do not name it. */
export const OTHER_INTERFACE = '(other)';

/** The interfaces a saved ruleset names with `-i` (not lo, not a wildcard), and one it does not name. */
export function namedInterfaces(ruleset: Ruleset): string[] {
  const names = new Set<string>();
  for (const t of ruleset.tables)
    for (const c of t.chains)
      for (const r of c.rules) {
        const i = parseRuleView(r.args).inInterface?.value;
        if (i && i !== 'lo' && !i.endsWith('+')) names.add(i);
      }
  return [...[...names].sort(), OTHER_INTERFACE];
}

/** The facts of a saved ruleset: no addresses, the sockets of --listen, the interfaces the rules name. */
async function fileFacts(from: ExposureSource, stdin: () => Promise<string>): Promise<ExposureFacts> {
  const read = (await loadFromFile(from.file!, from.family, stdin)).ruleset;
  const listeners = from.listen === undefined ? [] : parseListenSpec(from.listen, from.family);
  const dnat = dnatPorts(read, read.family);
  // The second address no rule names (the first is the internet's) stands for this host's own.
  const host = unnamedAddresses(read, [], 2)[1] ?? null;
  const own = [
    ...(host === null ? [] : [host]),
    ...listeners.map((l) => l.address).filter((a) => !isWildcard(a)),
    ...dnat.map((d) => publishedOn(d).address).filter((a): a is string => a !== null),
  ];
  const localAddresses = own.map((address) => ({ iface: ASSUMED, address, prefix: read.family === 'ipv4' ? 32 : 128 }));
  const ruleset = { ...read, localAddresses: [...localAddresses, ...LOOPBACK[read.family]] };
  const words =
    `a saved ruleset: the interfaces are those its rules name plus ${OTHER_INTERFACE}; this host's address is ` +
    `taken to be ${host ?? 'unknown'} (no rule names it) and those --listen and the DNAT rules name`;
  return {
    ruleset,
    interfaces: namedInterfaces(read),
    locals: [],
    listeners,
    dnat,
    warnings: [...read.warnings, words],
    ...(host === null ? {} : { assumedAddress: host }),
  };
}

/** The exposure report of `from`. */
export async function exposureOf(
  from: ExposureSource,
  runner: CommandRunner,
  stdin: () => Promise<string>,
  proc?: ProcView,
): Promise<ExposureReport> {
  const facts =
    from.file !== undefined ? await fileFacts(from, stdin) : await liveFacts(from, from.family, runner, proc);
  return exposureReport(facts);
}
