/**
 * Running sets vs saved sets, as an admin reads the difference: members and
 * headers, not what changes by itself (a member's remaining timeout, counter
 * values, the hash seed `initval` ipset picks at create). Pure.
 */
import { unifiedDiff, type DiffLine } from '../diff/unified-diff.js';
import type { IpSet, SetOption } from '../sets/ip-set.js';
import { ipsetSaveText } from '../sets/print-ipset.js';

const COUNTER_VALUES = new Set(['packets', 'bytes']);
/** A remaining timeout counts down by itself; `timeout 0` (never expires) is what the admin chose. */
const runtime = (o: SetOption): boolean => COUNTER_VALUES.has(o.name) || (o.name === 'timeout' && o.value !== '0');

function comparable(sets: readonly IpSet[]): string {
  const plain = [...sets]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => ({
      ...s,
      options: s.options.filter((o) => o.name !== 'initval'),
      members: s.members
        .map((m) => ({ ...m, options: m.options.filter((o) => !runtime(o)) }))
        .sort((a, b) => a.elem.localeCompare(b.elem)),
    }));
  return ipsetSaveText(plain);
}

/** Saved (null: nothing saved) vs running, as diff lines; empty when they agree. */
export function setsDiff(running: readonly IpSet[], saved: readonly IpSet[] | null): DiffLine[] {
  return unifiedDiff(saved ? comparable(saved) : '', comparable(running));
}
