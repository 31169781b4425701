/**
 * What `fwtui apply FILE` is about to do, worst first: policy changes, chains
 * deleted (marked when another program owns them), chains flushed, then how
 * many rules each table gains and loses. Shown before anything is asked, so
 * a file of 200 `-A` lines cannot hide that it also deletes Docker's chains. Pure.
 */
import { chainOwner } from '../model/chain-owner.js';
import type { TablePlan } from './commit-plan.js';

/** A chain of another program (Docker, fail2ban…) that the apply would delete or empty. */
export interface ForeignChain {
  readonly table: string;
  readonly chain: string;
  readonly owner: string;
  readonly how: 'deleted' | 'flushed';
}

export interface ApplySummary {
  /** Most severe first; each line stands alone. */
  readonly lines: readonly string[];
  /** Other programs' chains it deletes or empties: applying needs --force (or the typed word). */
  readonly foreign: readonly ForeignChain[];
}

const rules = (n: number): string => `${n} rule${n === 1 ? '' : 's'}`;
const mark = (name: string): string => {
  const owner = chainOwner(name);
  return owner ? ` (${owner}'s chain)` : '';
};

/** The summary of a set of table plans (one family). */
export function applySummary(plans: readonly TablePlan[]): ApplySummary {
  const policies: string[] = [];
  const deleted: string[] = [];
  const flushed: string[] = [];
  const counts: string[] = [];
  const foreign: ForeignChain[] = [];
  for (const { diff } of plans) {
    const t = diff.table;
    for (const c of diff.chains) {
      if (c.policy) policies.push(`${t} ${c.name}: policy ${c.policy.from} → ${c.policy.to}`);
    }
    for (const chain of diff.deleted) {
      const its = chain.rules.length > 0 ? ` with its ${rules(chain.rules.length)}` : '';
      deleted.push(`${t}: chain ${chain.name} deleted${its}${mark(chain.name)}`);
      const owner = chainOwner(chain.name);
      if (owner) foreign.push({ table: t, chain: chain.name, owner, how: 'deleted' });
    }
    let added = 0;
    let removed = 0;
    let moved = 0;
    for (const c of diff.chains) {
      if (c.before.length > 0 && c.after.length === 0) {
        const all = c.before.length === 1 ? 'its 1 rule' : `all ${c.before.length} rules`;
        flushed.push(`${t} ${c.name}: ${all} removed${mark(c.name)}`);
        const owner = chainOwner(c.name);
        if (owner) foreign.push({ table: t, chain: c.name, owner, how: 'flushed' });
        continue;
      }
      // A rule replaced in place is one rule gone and one new: the count says what the kernel loses and gains.
      added += c.added.length + c.changed.length;
      removed += c.deleted.length + c.changed.length;
      moved += c.moved.length;
    }
    const parts = [
      ...(added > 0 ? [`${rules(added)} added`] : []),
      ...(removed > 0 ? [`${removed} removed`] : []),
      ...(moved > 0 ? [`${moved} moved`] : []),
      ...(diff.created.length === 1 ? [`new chain ${diff.created[0]}`] : []),
      ...(diff.created.length > 1 ? [`new chains ${diff.created.join(', ')}`] : []),
      ...diff.renamed.map(([from, to]) => `chain ${from} renamed to ${to}`),
    ];
    if (parts.length > 0) counts.push(`${t}: ${parts.join(', ')}`);
  }
  return { lines: [...policies, ...deleted, ...flushed, ...counts], foreign };
}

/** "DOCKER, DOCKER-USER (Docker), f2b-sshd (fail2ban)": foreign chains grouped by owner. */
export function foreignList(foreign: readonly ForeignChain[]): string {
  const byOwner = new Map<string, string[]>();
  for (const f of foreign) byOwner.set(f.owner, [...(byOwner.get(f.owner) ?? []), f.chain]);
  return [...byOwner].map(([owner, chains]) => `${chains.join(', ')} (${owner})`).join(', ');
}
