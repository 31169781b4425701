/**
 * What an admin runs to put a commit back by hand when fwtui could not:
 * the sets as saved (each filled under a temporary name, then swapped in,
 * so members the commit added go and a changed header comes back, while
 * rules keep using the set), the rules' saved copies, then the destroy of
 * the sets the commit created. Every line works as printed in a shell.
 */
import { createHash } from 'node:crypto';
import { shellWord } from '../../domain/hints/command-hint.js';
import type { IpSet } from '../../domain/sets/ip-set.js';
import type { SetPlan } from '../../domain/sets/set-plan.js';
import { setPhases, tempSetName } from '../../domain/sets/set-restore.js';
import { copyPath, handSetsPath, readCopy, setsCopyPath, type CommitEntry } from '../state/state-dir.js';

/** The temporary names' word: fixed per commit, so the file and the printed commands agree. */
const handNonce = (id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 8);

/**
 * The `ipset restore` text of hand-sets.ipset: each saved set, members included, under its temporary name.
 * @param saved the sets as they were before the commit, in the order of the saved copy
 */
export function handSetsText(id: string, saved: readonly IpSet[]): string {
  const nonce = handNonce(id);
  const plans: SetPlan[] = saved.map((s, i) => {
    const name = tempSetName(nonce, i);
    return { name, basis: null, staged: { ...s, name } };
  });
  return setPhases(plans, nonce).before ?? '';
}

/** Names of the sets in a saved copy (`ipset save` text), in its order. */
const savedNames = (copy: string): string[] =>
  copy
    .split('\n')
    .filter((l) => l.startsWith('create '))
    .map((l) => l.split(' ')[1]!);

function setLines(entry: CommitEntry, ns: string): { before: string[]; after: string[] } {
  const names = entry.record.sets?.names;
  if (!names) return { before: [], after: [] };
  let saved: string[];
  try {
    saved = savedNames(readCopy(setsCopyPath(entry.dir)));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { before: [`the sets' saved copy ${setsCopyPath(entry.dir)} cannot be read (${why})`], after: [] };
  }
  const ipset = (...words: string[]): string => `${ns}ipset ${words.map(shellWord).join(' ')}`;
  const nonce = handNonce(entry.record.id);
  const before = [
    `restore by hand, first the sets as they were, each under a temporary name: ${ns}ipset restore < ` +
      shellWord(handSetsPath(entry.dir)),
    ...saved.map((name, i) => {
      const temp = tempSetName(nonce, i);
      const swap = `${ipset('swap', temp, name)} && ${ipset('destroy', temp)}`;
      return `then swap it in (or name it so, if gone): ${swap} || ${ipset('rename', temp, name)}`;
    }),
  ];
  const created = names.filter((n) => !saved.includes(n));
  const after = created.map((name) => `after the rules, the set the commit created: ${ipset('destroy', name)}`);
  return { before, after };
}

/** What an admin runs, in this order, to restore by hand when fwtui could not. */
export function handRestore(entry: CommitEntry): string[] {
  const ns = entry.record.netns ? `ip netns exec ${shellWord(entry.record.netns)} ` : '';
  const sets = setLines(entry, ns);
  return [
    ...sets.before,
    ...[...new Set(entry.record.tables.map((t) => t.family))].map((f) => {
      const variant = entry.record.backend ? `-${entry.record.backend}` : '';
      const prog = `${f === 'ipv6' ? 'ip6tables' : 'iptables'}${variant}-restore`;
      return `restore by hand: ${ns}${prog} --noflush --counters < ${shellWord(copyPath(entry.dir, f))}`;
    }),
    ...sets.after,
  ];
}
