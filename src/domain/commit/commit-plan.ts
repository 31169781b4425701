/**
 * A commit, table by table: what the edits were based on, what is staged,
 * and the checks around writing it: did another program change the chains
 * we touch (drift), and does the kernel now hold what was staged. Pure.
 */
import { portNumber } from '../listing/print-util.js';
import { ruleLine } from '../text/render-save.js';
import type { Chain, Family, Table, TableName } from '../model/ruleset.js';
import { diffTable, type TableDiff } from '../diff/table-diff.js';
import { unifiedDiff, type DiffLine } from '../diff/unified-diff.js';
import type { IpSet } from '../sets/ip-set.js';
import type { SetDrift } from '../sets/set-check-commit.js';

export interface TablePlan {
  readonly family: Family;
  readonly table: TableName;
  /** The live table the edits were made on. */
  readonly basis: Table;
  readonly staged: Table;
  /** Staged chain name -> live chain name, for renamed chains. */
  readonly renames: ReadonlyMap<string, string>;
  readonly diff: TableDiff;
}

export function makePlan(
  family: Family,
  basis: Table,
  staged: Table,
  renames: ReadonlyMap<string, string>,
  moved: ReadonlySet<string> = new Set(),
): TablePlan {
  return { family, table: basis.name, basis, staged, renames, diff: diffTable(basis, staged, renames, moved) };
}

/** The same commit backwards: what puts the live table back after a later table failed. */
export function inversePlan(plan: TablePlan): TablePlan {
  const back = new Map([...plan.renames].map(([now, was]) => [was, now]));
  return makePlan(plan.family, plan.staged, plan.basis, back);
}

/** Live names of the chains a plan writes to (or expects not to exist, for new ones). */
export function touchedChains(plan: TablePlan): string[] {
  const d = plan.diff;
  return [
    ...new Set([
      ...d.chains.map((c) => c.was),
      ...d.renamed.map(([from]) => from),
      ...d.deleted.map((c) => c.name),
      ...d.created,
    ]),
  ];
}

const chainText = (table: Table, name: string): string => {
  const chain = table.chains.find((c) => c.name === name);
  if (!chain) return `(no chain ${name})\n`;
  return `${[`:${name} ${chain.policy ?? '-'}`, ...chain.rules.map((r) => ruleLine(name, r, false))].join('\n')}\n`;
};

/** What another program changed in the chains this plan touches since the edits were made. */
export interface Drift {
  readonly family: Family;
  readonly table: TableName;
  readonly chains: readonly string[];
  /** basis -> now, in iptables-save syntax without counters. */
  readonly lines: readonly DiffLine[];
}

export interface FreshTable {
  readonly family: Family;
  readonly table: Table;
}

/** An applied commit waiting for the admin's confirmation (the safety net). */
export interface PendingCommit {
  readonly id: string;
  /** When the old rules come back unless confirmed (ms since epoch). */
  readonly deadline: number;
  /** The change in plain words. */
  readonly summary: readonly string[];
}

/** How a commit ended, when it did not throw. */
export type ApplyOutcome =
  /** Another program changed chains (or sets, `sets`) the commit touches: nothing was written. */
  | {
      readonly kind: 'drift';
      readonly drift: readonly Drift[];
      readonly fresh: readonly FreshTable[];
      readonly sets?: readonly SetDrift[];
    }
  /** Written; `problems` lists any difference between the kernel and the staged tables. */
  | {
      readonly kind: 'applied';
      readonly fresh: readonly FreshTable[];
      readonly problems: readonly string[];
      readonly pending?: PendingCommit;
      /**
       * The touched sets as read back (null: the set is gone), when the commit changed sets; sets over 10,000
       * members are checked by header and count only and left out (read them again to show them).
       */
      readonly freshSets?: ReadonlyMap<string, IpSet | null>;
    };

/**
 * Compares the touched chains of the basis with a fresh read (ignoring counters); null when nobody else changed them.
 */
export function findDrift(plan: TablePlan, fresh: Table): Drift | null {
  const changed = touchedChains(plan).filter((name) => {
    const was = plan.basis.chains.find((c) => c.name === name);
    const now = fresh.chains.find((c) => c.name === name);
    if (!was || !now) return Boolean(was) !== Boolean(now);
    return !sameRules(was, now);
  });
  if (changed.length === 0) return null;
  const before = changed.map((n) => chainText(plan.basis, n)).join('');
  const after = changed.map((n) => chainText(fresh, n)).join('');
  return { family: plan.family, table: plan.table, chains: changed, lines: unifiedDiff(before, after) };
}

function sameRules(a: Chain, b: Chain): boolean {
  return (
    a.policy === b.policy && a.rules.length === b.rules.length && a.rules.every((r, i) => r.spec === b.rules[i]!.spec)
  );
}

/** Long option names iptables prints in their short form. */
const SYNONYMS: Readonly<Record<string, string>> = {
  '--destination-port': '--dport',
  '--source-port': '--sport',
  '--destination-ports': '--dports',
  '--source-ports': '--sports',
  '--protocol': '-p',
  '--source': '-s',
  '--src': '-s',
  '--destination': '-d',
  '--dst': '-d',
  '--jump': '-j',
  '--match': '-m',
  '--in-interface': '-i',
  '--out-interface': '-o',
  '--goto': '-g',
};
const PORT_OPTIONS = new Set(['--dport', '--sport', '--dports', '--sports', '--ports']);

/**
 * A rule's words in a form that ignores how iptables rewrites typed rules
 * (`-m tcp` added after `-p tcp`, `/32` added to addresses, service names as
 * port numbers, long option names, the order of conntrack states, word order).
 */
export function looseKey(args: readonly string[]): string {
  const out: string[] = [];
  const proto = args[args.indexOf('-p') + 1] ?? args[args.indexOf('--protocol') + 1];
  for (let i = 0; i < args.length; i++) {
    const a = SYNONYMS[args[i]!] ?? args[i]!;
    // Service names become numbers in the kernel (`--dport ssh` is held as `--dport 22`).
    if (PORT_OPTIONS.has(a) && args[i + 1] !== undefined) {
      out.push(
        a,
        args[++i]!.split(',')
          .map((r) => r.split(':').map(portNumber).join(':'))
          .join(','),
      );
      continue;
    }
    // Conntrack states are held in the kernel's order (`ESTABLISHED,RELATED` reads back `RELATED,ESTABLISHED`).
    if ((a === '--ctstate' || a === '--state') && args[i + 1] !== undefined) {
      out.push(a, args[++i]!.split(',').sort().join(','));
      continue;
    }
    if ((a === '-m' || a === '--match') && args[i + 1] === proto) {
      i++;
      continue;
    }
    if ((a === '-s' || a === '-d') && args[i + 1] && !args[i + 1]!.includes('/')) {
      out.push(a, `${args[++i]}/${args[i]!.includes(':') ? 128 : 32}`);
      continue;
    }
    out.push(a);
  }
  return out.sort().join(' ');
}

/**
 * Loose comparison for rules the admin typed: iptables prints them back in
 * canonical form, so compare the words that matter.
 */
export function looselyEqual(typed: readonly string[], canonical: readonly string[]): boolean {
  return looseKey(typed) === looseKey(canonical);
}

/** What the kernel holds that differs from the staged table, in the chains the commit touched. */
export function verifyApplied(plan: TablePlan, fresh: Table): string[] {
  const problems: string[] = [];
  const where = `${plan.family === 'ipv6' ? 'IPv6 ' : ''}${plan.table}`;
  for (const name of [...plan.diff.chains.map((c) => c.name), ...plan.diff.created]) {
    const want = plan.staged.chains.find((c) => c.name === name);
    const got = fresh.chains.find((c) => c.name === name);
    if (!want) continue;
    if (!got) {
      problems.push(`${where} ${name}: the chain is missing after the commit`);
      continue;
    }
    if (want.policy !== got.policy) problems.push(`${where} ${name}: policy is ${got.policy}, staged ${want.policy}`);
    if (want.rules.length !== got.rules.length) {
      problems.push(`${where} ${name}: ${got.rules.length} rules in the kernel, ${want.rules.length} staged`);
      continue;
    }
    want.rules.forEach((r, i) => {
      const g = got.rules[i]!;
      if (r.spec !== g.spec && !looselyEqual(r.args, g.args))
        problems.push(`${where} ${name} rule ${i + 1}: the kernel holds "${g.spec}", staged "${r.spec}"`);
    });
  }
  for (const chain of plan.diff.deleted)
    if (fresh.chains.some((c) => c.name === chain.name)) problems.push(`${where}: chain ${chain.name} is still there`);
  return problems;
}
