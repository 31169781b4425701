/**
 * Before `p` → DROP on INPUT is staged: would it leave new SSH connections no
 * way in? If so, say so in the policy prompt and offer the usual fix as one
 * key: accept ESTABLISHED (when nothing does yet) and the SSH port(s), put
 * just above the rule or policy that would stop SSH. The fix is offered only
 * when it is checked to open SSH again. Pure.
 */
import { tracePacket } from './evaluate.js';
import { walkPacket } from './chain-walk.js';
import { newRule } from '../edit/edits.js';
import type { Chain, Ruleset, Table } from '../model/ruleset.js';
import { interfaceChoices, sshInPacket, sshReachable } from './ssh-reach.js';

/** The warning for the prompt, and the rules that fix it (empty when no fix could be checked). */
export interface DropAdvice {
  readonly warning: string;
  /** Inserts into filter INPUT, in order: each `at` counts the rules inserted before it. */
  readonly inserts: readonly { readonly at: number; readonly spec: string }[];
}

export const ESTABLISHED_SPEC = '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT';

/** `-p tcp -m tcp --dport 22 -j ACCEPT`, or multiport for several ports. */
export function sshAcceptSpec(ports: readonly number[]): string {
  return ports.length === 1
    ? `-p tcp -m tcp --dport ${ports[0]} -j ACCEPT`
    : `-p tcp -m multiport --dports ${ports.join(',')} -j ACCEPT`;
}

function withInput(rs: Ruleset, change: (c: Chain) => Chain): Ruleset {
  const chains = (t: Table): Chain[] => t.chains.map((c) => (c.name === 'INPUT' ? change(c) : c));
  return { ...rs, tables: rs.tables.map((t) => (t.name !== 'filter' ? t : { ...t, chains: chains(t) })) };
}

/**
 * Advice for setting filter INPUT's policy to DROP in `staged` (the rules as
 * staged now), or null when new SSH connections would still get in.
 */
export function inputDropAdvice(
  staged: Ruleset,
  ports: readonly number[],
  interfaces?: readonly string[] | null,
): DropAdvice | null {
  const dropped = withInput(staged, (c) => ({ ...c, policy: 'DROP' }));
  const ifaces = interfaceChoices([dropped], interfaces);
  const blocked = ports.filter((p) => sshReachable(dropped, p, ifaces) === false);
  if (blocked.length === 0) return null;
  const input = dropped.tables.find((t) => t.name === 'filter')?.chains.find((c) => c.name === 'INPUT');
  if (!input) return null;
  const newSsh = sshInPacket(dropped.family, blocked[0]!, ifaces[0] ?? null);
  const walk = walkPacket(dropped, newSsh, () => false);
  const d = walk.decidedBy;
  const byPolicy = d?.kind === 'policy' && d.chain === 'INPUT';
  const portText = `port${blocked.length > 1 ? 's' : ''} ${blocked.join(', ')}`;
  const stops =
    d?.kind === 'rule'
      ? `${d.rule.table} ${d.rule.chain} rule ${d.rule.number} stops it`
      : d?.kind === 'routing'
        ? `routing stops it (${d.why})`
        : 'something stops it';
  const warning = byPolicy
    ? `DROP would cut off new SSH: no rule accepts ${portText}`
    : `new SSH (${portText}) would not get in: ${stops}`;
  // Just above the INPUT rule the walk was stopped through (the rule itself, or the jump to it);
  // at the end for the policy.
  const last = [...walk.path].reverse().find((r) => r.table === 'filter' && r.chain === 'INPUT');
  const sshAt = byPolicy || !last ? input.rules.length : last.number - 1;
  const established = { ...newSsh, state: 'ESTABLISHED' as const, tcpFlags: null };
  const needEstablished = tracePacket(dropped, established, { stopWhenUncertain: true }).verdict !== 'ACCEPT';
  const inserts = [
    ...(needEstablished ? [{ at: 0, spec: ESTABLISHED_SPEC }] : []),
    { at: sshAt + (needEstablished ? 1 : 0), spec: sshAcceptSpec(blocked) },
  ];
  const fixed = withInput(dropped, (c) => {
    const rules = [...c.rules];
    for (const i of inserts) rules.splice(i.at, 0, newRule(i.spec));
    return { ...c, rules };
  });
  const works = blocked.every((p) => sshReachable(fixed, p, ifaces) === true);
  return { warning, inserts: works ? inserts : [] };
}
