/**
 * Would this commit cut the admin off? For each SSH connection to protect,
 * the staged rules are asked what they do with its next packet in (an
 * ESTABLISHED one), a new connection from the same client (NEW), and the
 * replies going out. Anything but a certain ACCEPT is a warning that names
 * the rule or policy. And a DROP policy on INPUT that leaves no way in for
 * SSH at all is one too. Pure.
 */
import { canEndWith, tracePacket, type Trace } from './evaluate.js';
import { TCP_FLAG_BITS, unknownPacket, type Packet } from './packet.js';
import { describeConnection, type SshConnection } from './proc-net.js';
import { findChain, findTable, type Family, type Ruleset } from './ruleset.js';
import { deciderName, verdictLine } from './trace-report.js';

/** A connection to keep, with the interface its packets use (null when not known). */
export interface ProtectedSession extends SshConnection {
  readonly inInterface: string | null;
}

/** Whom to protect, and how fwtui found out (shown with the warnings). */
export interface Protect {
  readonly sessions: readonly ProtectedSession[];
  /** 'own' (this session, from its sshd), 'environment' (SSH_CONNECTION, checked), 'all' (every sshd peer: tmux, screen, not found), 'none' (no SSH here). */
  readonly how: 'own' | 'environment' | 'all' | 'none';
  /** Ports sshd listens on (22 when none were found). */
  readonly sshPorts: readonly number[];
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
      packet: { ...base, direction: 'input', source: s.client, sourcePort: s.clientPort, destination: s.server, destinationPort: s.serverPort, inInterface: s.inInterface, outInterface: '', state: 'ESTABLISHED', tcpFlags: TCP_FLAG_BITS.ACK! },
    },
    {
      label: 'a new SSH connection from the same client',
      packet: { ...base, direction: 'input', source: s.client, sourcePort: null, destination: s.server, destinationPort: s.serverPort, inInterface: s.inInterface, outInterface: '', state: 'NEW', tcpFlags: TCP_FLAG_BITS.SYN! },
    },
    {
      label: 'the replies going out',
      packet: { ...base, direction: 'output', source: s.server, sourcePort: s.serverPort, destination: s.client, destinationPort: s.clientPort, inInterface: '', outInterface: s.inInterface, state: 'ESTABLISHED', tcpFlags: TCP_FLAG_BITS.ACK! },
    },
  ];
}

/** Same answer, same reason: the commit changes nothing for this packet. */
function sameAnswer(a: Trace, b: Trace): boolean {
  const key = (t: Trace): string => JSON.stringify([t.verdict, t.possible, deciderName(t.decidedBy), t.uncertainAt?.rule?.spec ?? null, t.uncertainAt?.why ?? null]);
  return key(a) === key(b);
}

function outcomeText(t: Trace): string {
  if (t.verdict === 'DROP' || t.verdict === 'REJECT') {
    const rule = t.decidedBy?.kind === 'rule' ? ` (-A ${t.decidedBy.rule.chain} ${t.decidedBy.rule.spec})` : '';
    return `would be ${t.verdict === 'DROP' ? 'dropped' : 'rejected'} by ${deciderName(t.decidedBy)}${rule}`;
  }
  return `is not certain to pass: ${verdictLine(t)}`;
}

/**
 * Warnings for one family's staged rules. `live` is what runs now: a packet
 * whose answer the commit does not change (the same verdict for the same
 * reason) is not warned about, since the session is alive under it.
 */
export function lockoutWarnings(staged: Ruleset, live: Ruleset, protect: Protect): LockoutWarning[] {
  const family = staged.family;
  const warnings: LockoutWarning[] = [];
  for (const s of protect.sessions.filter((x) => x.family === family)) {
    for (const { label, packet } of sessionPackets(s)) {
      const now = tracePacket(staged, packet);
      if (now.verdict === 'ACCEPT' || sameAnswer(now, tracePacket(live, packet))) continue;
      warnings.push({ family, message: `SSH ${describeConnection(s)}: ${label} ${outcomeText(now)}` });
    }
  }
  const policy = findChain(findTable(staged, 'filter') ?? { name: 'filter', chains: [] }, 'INPUT')?.policy;
  if (policy === 'DROP') {
    for (const port of protect.sshPorts) {
      const anySsh: Packet = { ...unknownPacket(family, 'input', 'NEW'), protocol: TCP, destinationPort: port, notInInterfaces: ['lo'] };
      if (canEndWith(staged, anySsh, 'ACCEPT') === false && canEndWith(live, anySsh, 'ACCEPT') !== false) {
        warnings.push({ family, message: `the INPUT policy is DROP and no rule accepts new SSH connections (port ${port}) from anywhere` });
      }
    }
  }
  return warnings;
}

/** The line that says whom fwtui protected, so an admin can judge the check. */
export function protectedLine(protect: Protect): string {
  const list = protect.sessions.map(describeConnection).join(', ');
  switch (protect.how) {
    case 'own': return `checked your SSH connection ${list}`;
    case 'environment': return `checked your SSH connection ${list} (from SSH_CONNECTION)`;
    case 'all': return protect.sessions.length ? `checked every SSH connection (yours could not be told apart): ${list}` : 'no SSH connection found to check';
    case 'none': return 'not over SSH: checked that SSH can still get in';
  }
}
