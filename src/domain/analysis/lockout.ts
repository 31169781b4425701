/**
 * Would this commit cut the admin off? For each SSH connection to protect,
 * the staged rules are asked what they do with its next packet in (an
 * ESTABLISHED one), a new connection from the same client (NEW), and the
 * replies going out. Anything but a certain ACCEPT is a warning that names
 * the rule or policy. And, found session or not, rules that leave no way in
 * (or out) for new SSH connections at all are one too (ssh-reach.ts). Pure.
 */
import type { InterfaceAddress } from './local-addresses.js';
import { tracePacket, type Trace } from './evaluate.js';
import { TCP_FLAG_BITS, type Packet } from './packet.js';
import { describeConnection, type SshConnection } from './proc-net.js';
import type { Family, Ruleset } from '../model/ruleset.js';
import { interfaceChoices, sshReachable, staticTraces, unreachableMessage } from './ssh-reach.js';
import { deciderName, verdictLine } from './trace-report.js';
import { sshTranslatedAway } from './ssh-nat.js';

/** A connection to keep, with the interface its packets use (null when not known). */
export interface ProtectedSession extends SshConnection {
  readonly inInterface: string | null;
}

/** Whom to protect, and how fwtui found out (shown with the warnings). */
export interface Protect {
  readonly sessions: readonly ProtectedSession[];
  /**
   * 'own' (this session, from its sshd), 'environment' (SSH_CONNECTION, checked), 'all' (every sshd peer: tmux, screen,
   * not found), 'none' (no SSH here).
   */
  readonly how: 'own' | 'environment' | 'all' | 'none';
  /** Ports sshd listens on (22 when none were found). */
  readonly sshPorts: readonly number[];
  /** The namespace's interfaces other than lo (from the backend); null or absent when not known. */
  readonly interfaces?: readonly string[] | null;
  /** The interfaces' addresses (from the backend): the static question asks to them; null or absent when not known. */
  readonly addresses?: readonly InterfaceAddress[] | null;
}

export interface LockoutWarning {
  readonly family: Family;
  /** What would happen, in one line an admin can act on. */
  readonly message: string;
}

/** The word to type to apply anyway. */
export const LOCKOUT_WORD = 'LOCKOUT';

const TCP = 6;

function sessionPackets(s: ProtectedSession): { label: string; packet: Packet }[] {
  const base = { family: s.family, protocol: TCP, icmpType: null, icmpCode: null };
  return [
    {
      label: 'its next packet in',
      packet: {
        ...base,
        direction: 'input',
        source: s.client,
        sourcePort: s.clientPort,
        destination: s.server,
        destinationPort: s.serverPort,
        inInterface: s.inInterface,
        outInterface: '',
        state: 'ESTABLISHED',
        tcpFlags: TCP_FLAG_BITS.ACK!,
      },
    },
    {
      label: 'a new SSH connection from the same client',
      packet: {
        ...base,
        direction: 'input',
        source: s.client,
        sourcePort: null,
        destination: s.server,
        destinationPort: s.serverPort,
        inInterface: s.inInterface,
        outInterface: '',
        state: 'NEW',
        tcpFlags: TCP_FLAG_BITS.SYN!,
      },
    },
    {
      label: 'the replies going out',
      packet: {
        ...base,
        direction: 'output',
        source: s.server,
        sourcePort: s.serverPort,
        destination: s.client,
        destinationPort: s.clientPort,
        inInterface: '',
        outInterface: s.inInterface,
        state: 'ESTABLISHED',
        tcpFlags: TCP_FLAG_BITS.ACK!,
      },
    },
  ];
}

/** Same answer, same reason: the commit changes nothing for this packet. */
function sameAnswer(a: Trace, b: Trace): boolean {
  const key = (t: Trace): string =>
    JSON.stringify([
      t.verdict,
      t.possible,
      deciderName(t.decidedBy),
      t.uncertainAt?.rule?.spec ?? null,
      t.uncertainAt?.why ?? null,
    ]);
  return key(a) === key(b);
}

function outcomeText(t: Trace): string {
  if (t.verdict === 'DROP' || t.verdict === 'REJECT') {
    const rule = t.decidedBy?.kind === 'rule' ? ` (-A ${t.decidedBy.rule.chain} ${t.decidedBy.rule.spec})` : '';
    return `would be ${t.verdict === 'DROP' ? 'dropped' : 'rejected'} by ${deciderName(t.decidedBy)}${rule}`;
  }
  return `is not certain to pass: ${verdictLine(t)}`;
}

/** What the check established when it has no warning: one line, never more than that. */
export type LockoutStatus =
  | { readonly kind: 'open' }
  | { readonly kind: 'blocked'; readonly line: string }
  | { readonly kind: 'uncertain'; readonly line: string };

export interface LockoutReport {
  readonly warnings: readonly LockoutWarning[];
  readonly status: LockoutStatus;
}

/**
 * The check for one family's staged rules. `live` is what runs now: a packet
 * whose answer the commit does not change (the same verdict for the same
 * reason) is not warned about, since the session is alive under it; the
 * status then says what holds ("already blocked by …", "uncertain: …").
 */
export function lockoutCheck(staged: Ruleset, live: Ruleset, protect: Protect): LockoutReport {
  const family = staged.family;
  const warnings: LockoutWarning[] = [];
  const checked: Checked[] = [];
  const sessions = protect.sessions.filter((x) => x.family === family);
  for (const s of sessions) {
    for (const { label, packet } of sessionPackets(s)) {
      const now = tracePacket(staged, packet);
      const before = tracePacket(live, packet);
      checked.push({ label: `SSH ${describeConnection(s)}: ${label}`, now, before: () => before });
      const away = sshTranslatedAway(now, protect.sshPorts, family === 'ipv6');
      if (away !== null && away !== sshTranslatedAway(before, protect.sshPorts, family === 'ipv6'))
        warnings.push({ family, message: `SSH ${describeConnection(s)}: ${label} ${away}` });
      if (now.verdict === 'ACCEPT' || sameAnswer(now, before)) continue;
      warnings.push({ family, message: `SSH ${describeConnection(s)}: ${label} ${outcomeText(now)}` });
    }
  }
  // The static question, on every change: could anyone still reach sshd at all?
  const ifaces = interfaceChoices([staged, live], protect.interfaces, protect.addresses);
  for (const port of protect.sshPorts) {
    const at = protect.addresses;
    if (sshReachable(staged, port, ifaces, at) === false && sshReachable(live, port, ifaces, at) !== false) {
      warnings.push({ family, message: unreachableMessage(staged, port, ifaces, protect.interfaces, at) });
    }
  }
  // With a session, its packets are what was checked; without one, the static packets are.
  if (sessions.length === 0) {
    for (const t of staticTraces(staged, protect.sshPorts, ifaces, protect.addresses)) {
      const before = (): Trace => tracePacket(live, t.packet, { stopWhenUncertain: true });
      checked.push({ label: t.label, now: t.staged, before });
    }
  }
  return { warnings, status: statusOf(checked) };
}

interface Checked {
  readonly label: string;
  /** Under the staged rules. */
  readonly now: Trace;
  /** Under the running rules (asked only when needed: a static packet over 100k rules takes a while). */
  readonly before: () => Trace;
}

const blockedBy = (t: Trace): boolean => t.verdict === 'DROP' || t.verdict === 'REJECT';

/**
 * Open only when every checked packet is certainly accepted. Otherwise the
 * first that is blocked as it already was, else one the edits block where it
 * got through before (SSH still gets in elsewhere, or it would be a warning),
 * else the first uncertain one with its reason.
 */
function statusOf(checked: readonly Checked[]): LockoutStatus {
  const same = checked.find((c) => blockedBy(c.now) && sameAnswer(c.now, c.before()));
  if (same) {
    const by = deciderName(same.now.decidedBy);
    const what = `${same.label} ${outcomeText(same.now)}`;
    const line = `SSH is already blocked by ${by} of the running rules; these edits do not change that: ${what}`;
    return { kind: 'blocked', line };
  }
  const changed = checked.find((c) => blockedBy(c.now));
  if (changed) {
    const was = verdictLine(changed.before());
    const what = `${changed.label} ${outcomeText(changed.now)}`;
    return { kind: 'uncertain', line: `SSH still gets in elsewhere, but ${what} (the running rules: ${was})` };
  }
  const unsure = checked.find((c) => c.now.verdict !== 'ACCEPT');
  if (unsure) return { kind: 'uncertain', line: `uncertain: ${unsure.label}: ${verdictLine(unsure.now)}` };
  return { kind: 'open' };
}

/** The warnings of `lockoutCheck` alone. */
export function lockoutWarnings(staged: Ruleset, live: Ruleset, protect: Protect): LockoutWarning[] {
  return [...lockoutCheck(staged, live, protect).warnings];
}

/** The status in words, as the review shows it after "Lockout check: WHO: ". */
export function statusText(status: LockoutStatus): string {
  return status.kind === 'open' ? 'SSH stays open.' : `${status.line}.`;
}

/** The line that says whom fwtui protected, so an admin can judge the check. */
export function protectedLine(protect: Protect): string {
  const list = protect.sessions.map(describeConnection).join(', ');
  const reach = `asked whether new SSH connections (port ${protect.sshPorts.join(', ')}) can get in and be answered`;
  switch (protect.how) {
    case 'own':
      return `checked your SSH connection ${list}`;
    case 'environment':
      return `checked your SSH connection ${list} (from SSH_CONNECTION)`;
    case 'all':
      return protect.sessions.length
        ? `checked every SSH connection (yours could not be told apart): ${list}`
        : `no SSH connection found to check: ${reach}`;
    // No sshd in the namespace: the console, or --netns from outside. Whether fwtui itself runs over SSH is not known.
    case 'none':
      return `no SSH connection found to check (no sshd runs here): ${reach}`;
  }
}
