/**
 * Which rule wrote a log line: a LOG rule is known by its `--log-prefix` and `--log-level` (the kernel log line
 * carries both), an NFLOG rule by its `--nflog-group` and `--nflog-prefix`. Rules that share both cannot be told
 * apart, and a LOG rule without a prefix cannot be told from any other such rule in any namespace: both are said,
 * never guessed. Pure.
 */
import type { Family, Rule, Table } from '../model/ruleset.js';
import type { LogHit } from '../text/log-hit.js';

/** How a LOG or NFLOG rule signs its lines. */
export interface LogSignature {
  readonly kind: 'LOG' | 'NFLOG';
  readonly family: Family;
  /** '' when the rule has none. */
  readonly prefix: string;
  /** LOG: 0 emerg … 7 debug (the default, 4, when not given). */
  readonly level: number | null;
  /** NFLOG: the group (0 when not given). */
  readonly group: number | null;
}

const LEVEL_NAMES: Readonly<Record<string, number>> = {
  emerg: 0,
  panic: 0,
  alert: 1,
  crit: 2,
  err: 3,
  error: 3,
  warn: 4,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
};

/** The value after `option` in `args`, or undefined. */
const optionValue = (args: readonly string[], option: string): string | undefined => {
  const i = args.indexOf(option);
  return i < 0 ? undefined : args[i + 1];
};

/** The signature of a LOG or NFLOG rule, or null for a rule with another target. */
export function logSignature(rule: Rule, family: Family): LogSignature | null {
  const j = Math.max(rule.args.lastIndexOf('-j'), rule.args.lastIndexOf('--jump'));
  const target = j < 0 ? undefined : rule.args[j + 1];
  const after = j < 0 ? [] : rule.args.slice(j + 2);
  if (target === 'LOG') {
    const level = optionValue(after, '--log-level') ?? '4';
    return {
      kind: 'LOG',
      family,
      prefix: optionValue(after, '--log-prefix') ?? '',
      level: /^\d+$/.test(level) ? Number(level) : (LEVEL_NAMES[level] ?? 4),
      group: null,
    };
  }
  if (target === 'NFLOG') {
    const group = optionValue(after, '--nflog-group') ?? '0';
    return {
      kind: 'NFLOG',
      family,
      prefix: optionValue(after, '--nflog-prefix') ?? '',
      level: null,
      group: Number(group),
    };
  }
  return null;
}

/**
 * The key that a signature and the hits it wrote share (null for a LOG rule without a prefix: its lines start with
 * `IN=` like every other such rule's).
 */
export function signatureKey(sig: LogSignature): string | null {
  if (sig.kind === 'LOG') return sig.prefix === '' ? null : `${sig.family} LOG ${sig.level} ${sig.prefix}`;
  return `${sig.family} NFLOG ${sig.group} ${sig.prefix}`;
}

/** The key of the rules that may have written `hit` (null: it cannot be told, see signatureKey). */
export function hitKey(hit: LogHit): string | null {
  if (hit.family === null) return null;
  if (hit.via === 'kernel-log') return hit.prefix === '' ? null : `${hit.family} LOG ${hit.level} ${hit.prefix}`;
  return `${hit.family} NFLOG ${hit.group} ${hit.prefix}`;
}

/** Where a rule is: `filter INPUT #3`. */
export interface LogRulePlace {
  readonly table: string;
  readonly chain: string;
  /** 1-based, as iptables numbers rules. */
  readonly number: number;
}

/** Every LOG and NFLOG rule of one family's `tables` by its key (rules without a usable key are left out). */
export function logRulesByKey(family: Family, tables: readonly Table[]): Map<string, LogRulePlace[]> {
  const out = new Map<string, LogRulePlace[]>();
  for (const table of tables)
    for (const chain of table.chains)
      chain.rules.forEach((rule, i) => {
        const sig = logSignature(rule, family);
        const key = sig && signatureKey(sig);
        if (key === null || key === undefined) return;
        out.set(key, [...(out.get(key) ?? []), { table: table.name, chain: chain.name, number: i + 1 }]);
      });
  return out;
}

/** The NFLOG groups that the NFLOG rules of `tables` write to, sorted. */
export function nflogGroups(family: Family, tables: readonly Table[]): number[] {
  const groups = new Set<number>();
  for (const table of tables)
    for (const chain of table.chains)
      for (const rule of chain.rules) {
        const sig = logSignature(rule, family);
        if (sig?.kind === 'NFLOG' && sig.group !== null) groups.add(sig.group);
      }
  return [...groups].sort((a, b) => a - b);
}

/** Whether `tables` hold a LOG rule (its lines go to the kernel log). */
export const hasLogRules = (family: Family, tables: readonly Table[]): boolean =>
  tables.some((t) => t.chains.some((c) => c.rules.some((r) => logSignature(r, family)?.kind === 'LOG')));

/**
 * What the admin must know before trusting the lines shown under a rule with `sig`: no prefix, or other rules
 * (`others`: every rule with the same key, this one included) that sign their lines the same way. Null: none.
 */
export function signatureWarning(sig: LogSignature, others: readonly LogRulePlace[]): string | null {
  if (sig.kind === 'LOG' && sig.prefix === '')
    return "this LOG rule has no --log-prefix: its lines cannot be told from other LOG rules' (add a prefix)";
  if (others.length > 1) {
    const where = others.map((p) => `${p.table} ${p.chain} #${p.number}`).join(', ');
    const same = sig.kind === 'LOG' ? 'prefix and level' : 'group and prefix';
    return `${others.length} ${sig.kind} rules share this ${same} (${where}): their lines are shown under each`;
  }
  return null;
}
