/** Random edit sequences for property tests: fast-check picks, turned into edits that apply. */
import fc from 'fast-check';
import { applyEdit, EditError, type Edit } from '../../src/domain/edit/edits.js';
import type { Table } from '../../src/domain/model/ruleset.js';

export const editPicks = fc.array(
  fc.tuple(fc.nat(8), fc.nat(8), fc.nat(8), fc.constantFrom('INPUT', 'TCP', 'WEB', 'NEW1')),
  { maxLength: 12 },
);

/** The edits the picks make on `base` (the ones that apply), and the staged table. */
export function editsFrom(
  base: Table,
  picks: readonly (readonly [number, number, number, string])[],
): { edits: Edit[]; staged: Table } {
  let t = base;
  const edits: Edit[] = [];
  for (const [kind, x, y, chain] of picks) {
    const c = t.chains.find((ch) => ch.name === chain);
    const n = c?.rules.length ?? 0;
    const candidates: Edit[] = [
      { kind: 'insert', chain, at: n === 0 ? 0 : x % (n + 1), spec: `-s 192.0.2.${x}/32 -j ACCEPT` },
      ...(t.chains.some((ch) => ch.name === 'WEBX')
        ? [{ kind: 'insert', chain: 'INPUT', at: 0, spec: `-s 192.0.2.${y}/32 -j WEBX` } as Edit]
        : []),
      ...(n > 0 ? [{ kind: 'delete', chain, at: x % n, spec: c!.rules[x % n]!.spec } as Edit] : []),
      ...(n > 0 ? [{ kind: 'move', chain, from: x % n, to: y % n, spec: c!.rules[x % n]!.spec } as Edit] : []),
      ...(n > 0
        ? [
            {
              kind: 'replace',
              chain,
              at: x % n,
              spec: c!.rules[x % n]!.spec,
              with: `-d 192.0.2.${y}/32 -j DROP`,
            } as Edit,
          ]
        : []),
      { kind: 'newChain', chain: 'NEW1' },
      { kind: 'flushChain', chain },
      { kind: 'renameChain', chain, to: `${chain}X`.slice(0, 28) },
      ...(chain !== 'INPUT' && n === 0 ? [{ kind: 'deleteChain', chain } as Edit] : []),
    ];
    const edit = candidates[kind % candidates.length]!;
    try {
      t = applyEdit(t, edit);
      edits.push(edit);
    } catch (e) {
      if (!(e instanceof EditError)) throw e;
    }
  }
  return { edits, staged: t };
}
