/**
 * The static half of the lockout check, asked whether or not an SSH session
 * was found: can a NEW SSH connection (to one of sshd's ports) from an
 * arbitrary address, on a non-loopback interface, get in, and can its
 * replies get out? "Can" is existential: some address on some interface
 * will do, so `-s 10.0.0.0/8 --dport 22 -j ACCEPT` keeps SSH reachable. Pure.
 *
 * Interfaces: when the namespace's interfaces are known (the backend lists
 * them), each one is asked in turn, so drops that together cover every
 * interface (`-i eth+ -j DROP` when the interfaces are eth0 and eth1) are
 * caught; a packet never arrives on an interface that does not exist.
 * When they are not known, the interface is "unknown, but not lo": then
 * `-i eth+ -j DROP` leaves SSH reachable (a wlan0 could exist), which is the
 * true answer for an unknown machine, never a false alarm.
 *
 * Destinations: when the interfaces' addresses are known, the connection on an interface is asked to each
 * of its own addresses of the family (existential: one that lets SSH in will do), so a rule naming `-d`
 * is decided; otherwise the destination is unknown.
 */
import { canEndWith, tracePacket, type Trace } from './evaluate.js';
import { walkPacket, type Decider } from './chain-walk.js';
import { interfaceMatches } from './packet-match.js';
import { TCP_FLAG_BITS, type Packet } from './packet.js';
import type { Family, Ruleset } from '../model/ruleset.js';
import { addressValue } from '../model/ip-net.js';
import type { InterfaceAddress } from './local-addresses.js';
import { deciderName } from './trace-report.js';

const TCP = 6;
type Answer = boolean | 'unknown';

/** A new SSH connection arriving on `iface` (null: an interface not known, other than lo), to `to` (null: unknown). */
export function sshInPacket(family: Family, port: number, iface: string | null, to: string | null = null): Packet {
  return {
    family,
    direction: 'input',
    protocol: TCP,
    source: null,
    destination: to,
    sourcePort: null,
    destinationPort: port,
    inInterface: iface,
    outInterface: '',
    ...(iface === null ? { notInInterfaces: ['lo'] } : {}),
    icmpType: null,
    icmpCode: null,
    state: 'NEW',
    tcpFlags: TCP_FLAG_BITS.SYN!,
  };
}

/** sshd's answer leaving by `iface` (null: not known, other than lo), from `from` (null: unknown). */
export function sshOutPacket(family: Family, port: number, iface: string | null, from: string | null = null): Packet {
  return {
    family,
    direction: 'output',
    protocol: TCP,
    source: from,
    destination: null,
    sourcePort: port,
    destinationPort: null,
    inInterface: '',
    outInterface: iface,
    ...(iface === null ? { notOutInterfaces: ['lo'] } : {}),
    icmpType: null,
    icmpCode: null,
    state: 'ESTABLISHED',
    tcpFlags: TCP_FLAG_BITS.ACK!,
  };
}

const INTERFACE_OPTIONS = new Set(['-i', '--in-interface', '-o', '--out-interface']);
const NAMES_INTERFACE = /(^|\s)(-[io]|--(in|out)-interface)\s/;

/** Every `-i`/`-o` pattern the rulesets name (read from the arguments: parsing 100k rules takes a second). */
function interfacePatterns(rulesets: readonly Ruleset[]): string[] {
  const out = new Set<string>();
  for (const rs of rulesets)
    for (const t of rs.tables)
      for (const c of t.chains)
        for (const r of c.rules) {
          if (!NAMES_INTERFACE.test(r.spec)) continue;
          for (let k = 0; k + 1 < r.args.length; k++) {
            if (INTERFACE_OPTIONS.has(r.args[k]!)) out.add(r.args[k + 1]!);
          }
        }
  return [...out];
}

/**
 * The interfaces to ask about: one per group of names that every pattern of
 * the rules treats alike (100 container veths no rule names are one
 * question, but not those with addresses of their own), or [null] when the namespace's interfaces are not known.
 */
export function interfaceChoices(
  rulesets: readonly Ruleset[],
  interfaces: readonly string[] | null | undefined,
  addresses?: Addresses,
): (string | null)[] {
  const names = (interfaces ?? []).filter((n) => n !== 'lo');
  if (names.length === 0) return [null];
  const patterns = interfacePatterns(rulesets);
  const seen = new Set<string>();
  return names.filter((n) => {
    // Interfaces with addresses of their own are asked to them: they are never alike.
    const own = askedAddresses(addresses, n).map((a) => a.address);
    const key = `${patterns.map((p) => (interfaceMatches(p, n) ? '1' : '0')).join('')} ${own.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The addresses of `iface` SSH is asked to: not IPv6 link-local (fe80::/10), which every veth of a container
 * host has and nobody reaches SSH at from the internet; so 100 such veths stay one question, as before.
 */
function askedAddresses(addresses: Addresses, iface: string): InterfaceAddress[] {
  return (addresses ?? []).filter((a) => a.iface === iface && !/^fe[89ab][0-9a-f]:/i.test(a.address));
}

/** The interfaces' addresses, when known (from the backend). */
export type Addresses = readonly InterfaceAddress[] | null | undefined;

/** The addresses SSH arriving on `iface` is asked to: the interface's own of the family, or [null] (not known). */
export function destinationsOn(iface: string | null, family: Family, addresses: Addresses): (string | null)[] {
  if (iface === null || !addresses) return [null];
  const own = askedAddresses(addresses, iface).filter((a) => addressValue(a.address)?.family === family);
  return own.length > 0 ? own.map((a) => a.address) : [null];
}

const or = (answers: readonly Answer[]): Answer =>
  answers.some((a) => a === true) ? true : answers.every((a) => a === false) ? false : 'unknown';

const and = (a: Answer, b: Answer): Answer =>
  a === false || b === false ? false : a === true && b === true ? true : 'unknown';

/** Whether SSH on `port` can get in and be answered on some interface. */
export function sshReachable(
  rs: Ruleset,
  port: number,
  ifaces: readonly (string | null)[],
  addresses?: Addresses,
): Answer {
  return or(
    ifaces.map((i) =>
      or(
        destinationsOn(i, rs.family, addresses).map((d) =>
          and(
            canEndWith(rs, sshInPacket(rs.family, port, i, d), 'ACCEPT'),
            canEndWith(rs, sshOutPacket(rs.family, port, i, d), 'ACCEPT'),
          ),
        ),
      ),
    ),
  );
}

/** `filter INPUT rule 1 (-A INPUT -j REJECT …)` or `the policy of filter OUTPUT (DROP)`. */
export function deciderText(d: Decider | null): string {
  return `${deciderName(d)}${d?.kind === 'rule' ? ` (-A ${d.rule.chain} ${d.rule.spec})` : ''}`;
}

/** What stops `packet` on the shown way (every undecidable match taken as "does not match"). */
function stopper(rs: Ruleset, packet: Packet): string {
  const w = walkPacket(rs, packet, () => false);
  if (w.verdict === null) return `not followed: ${w.stuck ?? 'cannot follow'}`;
  const verb = w.verdict === 'DROP' ? 'dropped' : w.verdict === 'REJECT' ? 'rejected' : 'accepted';
  return `${verb} by ${deciderText(w.decidedBy)}`;
}

function isInputDropPolicy(rs: Ruleset, packet: Packet): boolean {
  const d = walkPacket(rs, packet, () => false).decidedBy;
  return d?.kind === 'policy' && d.table === 'filter' && d.chain === 'INPUT';
}

const onText = (ifaces: readonly (string | null)[], all: readonly string[] | null | undefined): string => {
  const names = (all ?? []).filter((n) => n !== 'lo').sort();
  if (ifaces.every((i) => i === null) || names.length === 0) return '';
  const list = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
  return ` on ${list}`;
};

/**
 * Why SSH on `port` cannot get in or be answered in `staged` (it was
 * established that no interface lets it), naming the rules or policies.
 */
export function unreachableMessage(
  staged: Ruleset,
  port: number,
  ifaces: readonly (string | null)[],
  all: readonly string[] | null | undefined,
  addresses?: Addresses,
): string {
  const f = staged.family;
  const ins = (i: string | null): Packet[] => destinationsOn(i, f, addresses).map((d) => sshInPacket(f, port, i, d));
  const inBlocked = ifaces.filter((i) => ins(i).every((p) => canEndWith(staged, p, 'ACCEPT') === false));
  if (inBlocked.length === ifaces.length) {
    if (ifaces.every((i) => ins(i).every((p) => isInputDropPolicy(staged, p)))) {
      return `the INPUT policy is DROP and no rule accepts new SSH connections (port ${port}) from anywhere`;
    }
    const why = [...new Set(ifaces.flatMap((i) => ins(i).map((p) => stopper(staged, p))))].join('; ');
    return `no new SSH connection (port ${port}) can get in from anywhere${onText(ifaces, all)}: ${why}`;
  }
  const outBlocked = ifaces.filter((i) => !inBlocked.includes(i));
  const outs = (i: string | null): Packet[] => destinationsOn(i, f, addresses).map((d) => sshOutPacket(f, port, i, d));
  const why = [...new Set(outBlocked.flatMap((i) => outs(i).map((p) => stopper(staged, p))))].join('; ');
  const part = inBlocked.length > 0 ? ` (and new connections cannot get in on the others)` : '';
  return `SSH (port ${port}) can no longer answer: its replies going out would be ${why}${part}`;
}

/** The trace of every checked static packet, labelled, for the summary line. */
export function staticTraces(
  staged: Ruleset,
  ports: readonly number[],
  ifaces: readonly (string | null)[],
  addresses?: Addresses,
): { label: string; staged: Trace; packet: Packet }[] {
  const f = staged.family;
  const on = (i: string | null): string => (i === null ? '' : ` on ${i}`);
  const to = (d: string | null): string => (d === null ? '' : ` to ${d}`);
  const traced = (label: string, packet: Packet) => ({
    label,
    packet,
    staged: tracePacket(staged, packet, { stopWhenUncertain: true }),
  });
  return ports.flatMap((port) =>
    ifaces.flatMap((i) => {
      // Existential over the interface's addresses: the one that lets SSH in (and out) best is shown.
      const pairs = destinationsOn(i, f, addresses).map((d) => [
        traced(
          `a new SSH connection (port ${port}) from an arbitrary address${on(i)}${to(d)}`,
          sshInPacket(f, port, i, d),
        ),
        traced(
          `the replies of SSH (port ${port})${on(i)}${d === null ? '' : ` from ${d}`}`,
          sshOutPacket(f, port, i, d),
        ),
      ]);
      const score = (pair: { staged: Trace }[]): number =>
        pair.reduce((n, t) => n + (t.staged.verdict === 'ACCEPT' ? 0 : t.staged.verdict === null ? 1 : 3), 0);
      return pairs.reduce((best, pair) => (score(pair) < score(best) ? pair : best));
    }),
  );
}
