import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdit, EditError, type Edit } from '../../../../src/domain/edit/edits.js';
import { summarizeTable } from '../../../../src/domain/commit/change-summary.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { restoreScript } from '../../../../src/domain/commit/restore-script.js';
import type { Table } from '../../../../src/domain/model/ruleset.js';
import { diffTable, movedOf, renamesOf } from '../../../../src/domain/diff/table-diff.js';
import { unifiedDiff } from '../../../../src/domain/diff/unified-diff.js';
import { RULES_V4 } from '../../../helpers/fake-source.js';
import { shape, simulateRestore } from '../../../helpers/restore-sim.js';
import { editPicks, editsFrom } from '../../../helpers/edit-gen.js';

const filter = (): Table => parseSave(RULES_V4()).tables[0]!;
const specs = (t: Table, chain: string): string[] => t.chains.find((c) => c.name === chain)!.rules.map((r) => r.spec);
const run = (t: Table, edits: Edit[]): Table => edits.reduce(applyEdit, t);
const plan = (t: Table, edits: Edit[]) => {
  const staged = run(t, edits);
  const diff = diffTable(t, staged, renamesOf(edits, t), movedOf(edits));
  return { staged, diff, script: restoreScript(diff) };
};

describe('edits on a table', () => {
  it('moves a rule up and down, and refuses positions past the ends', () => {
    const t = filter();
    const up = applyEdit(t, { kind: 'move', chain: 'INPUT', from: 2, to: 0, spec: specs(t, 'INPUT')[2]! });
    expect(specs(up, 'INPUT')[0]).toContain('--tcp-flags');
    expect(() => applyEdit(t, { kind: 'move', chain: 'INPUT', from: 0, to: -1, spec: specs(t, 'INPUT')[0]! })).toThrow(
      /no position 0/,
    );
    expect(() => applyEdit(t, { kind: 'move', chain: 'INPUT', from: 3, to: 4, spec: specs(t, 'INPUT')[3]! })).toThrow(
      /4 rules: there is no position 5/,
    );
    expect(() => applyEdit(t, { kind: 'insert', chain: 'INPUT', at: 9, spec: '-j ACCEPT' })).toThrow(EditError);
  });

  it('finds the rule by its text when positions shifted (re-base), and refuses when it is gone', () => {
    const t = filter();
    const shifted = applyEdit(t, { kind: 'insert', chain: 'WEB', at: 0, spec: '-s 192.0.2.1/32 -j DROP' });
    const del = applyEdit(shifted, { kind: 'delete', chain: 'WEB', at: 0, spec: '-s 198.51.100.7/32 -j DROP' });
    expect(specs(del, 'WEB')).toEqual(['-s 192.0.2.1/32 -j DROP', '-j ACCEPT']);
    expect(() => applyEdit(t, { kind: 'delete', chain: 'WEB', at: 0, spec: '-s 203.0.113.9/32 -j DROP' })).toThrow(
      /no longer there/,
    );
  });

  it('renames a chain with every jump and goto following', () => {
    const t = applyEdit(applyEdit(filter(), { kind: 'insert', chain: 'INPUT', at: 0, spec: '-s 10.0.0.0/8 -g WEB' }), {
      kind: 'renameChain',
      chain: 'WEB',
      to: 'HTTP',
    });
    expect(specs(t, 'INPUT')[0]).toBe('-s 10.0.0.0/8 -g HTTP');
    expect(specs(t, 'TCP')[1]).toBe('-p tcp -m multiport --dports 80,443 -j HTTP');
    expect(t.chains.map((c) => c.name)).toEqual(['INPUT', 'FORWARD', 'OUTPUT', 'HTTP', 'TCP']);
    expect(() => applyEdit(t, { kind: 'renameChain', chain: 'INPUT', to: 'IN' })).toThrow(/built-in/);
    expect(() => applyEdit(t, { kind: 'renameChain', chain: 'TCP', to: 'HTTP' })).toThrow(/already has/);
  });

  it('refuses to delete a referenced chain, naming the rules that use it', () => {
    expect(() => applyEdit(filter(), { kind: 'deleteChain', chain: 'WEB' })).toThrow(
      'WEB is still used by TCP rule 2: delete those rules first',
    );
    const t = run(filter(), [
      { kind: 'delete', chain: 'TCP', at: 1, spec: '-p tcp -m multiport --dports 80,443 -j WEB' },
      { kind: 'deleteChain', chain: 'WEB' },
    ]);
    expect(t.chains.some((c) => c.name === 'WEB')).toBe(false);
  });

  it('has no policy for a user chain, and says why', () => {
    expect(() => applyEdit(filter(), { kind: 'policy', chain: 'TCP', policy: 'DROP' })).toThrow(
      /user chain: it has no policy/,
    );
    expect(applyEdit(filter(), { kind: 'policy', chain: 'INPUT', policy: 'ACCEPT' }).chains[0]!.policy).toBe('ACCEPT');
  });

  it('checks new chain names', () => {
    expect(() => applyEdit(filter(), { kind: 'newChain', chain: 'ACCEPT' })).toThrow(/built-in target/);
    expect(() => applyEdit(filter(), { kind: 'newChain', chain: 'x'.repeat(29) })).toThrow(/28/);
    expect(() => applyEdit(filter(), { kind: 'newChain', chain: '-x' })).toThrow(/start with/);
  });
});

describe('live vs staged', () => {
  it('sees a move as a move, with a minimal script and words', () => {
    const t = filter();
    const { diff, script } = plan(t, [{ kind: 'move', chain: 'INPUT', from: 3, to: 1, spec: specs(t, 'INPUT')[3]! }]);
    expect(diff.chains).toHaveLength(1);
    expect(diff.chains[0]!.moved).toEqual([[3, 1]]);
    expect(script).toBe(
      '*filter\n-D INPUT -j REJECT --reject-with icmp-proto-unreachable\n[3:180] ' +
        '-I INPUT 2 -j REJECT --reject-with icmp-proto-unreachable\nCOMMIT\n',
    );
    expect(summarizeTable(diff)).toEqual(['filter INPUT: rule 4 moved to 2']);
  });

  it('says changed, added, deleted, policy, renamed and new chains in plain words', () => {
    const t = filter();
    const { diff, script } = plan(t, [
      { kind: 'replace', chain: 'WEB', at: 0, spec: specs(t, 'WEB')[0]!, with: '-s 198.51.100.8/32 -j DROP' },
      { kind: 'policy', chain: 'INPUT', policy: 'ACCEPT' },
      { kind: 'renameChain', chain: 'TCP', to: 'TCP-IN' },
      { kind: 'newChain', chain: 'LOGDROP' },
      { kind: 'insert', chain: 'LOGDROP', at: 0, spec: '-j DROP' },
      { kind: 'delete', chain: 'INPUT', at: 1, spec: '-i lo -j ACCEPT' },
    ]);
    expect(summarizeTable(diff)).toEqual([
      'filter: new chain LOGDROP',
      'filter: chain TCP renamed to TCP-IN (every jump to it follows)',
      'filter INPUT: rule 2 deleted: -i lo -j ACCEPT; policy DROP → ACCEPT',
      'filter LOGDROP: new rule 1: -j DROP',
      'filter WEB: rule 1 changed: -s 198.51.100.8/32 -j DROP',
    ]);
    // Renames last, rule lines by live names: iptables-nft-restore cannot use a new name within the same batch.
    expect(script).toBe(
      '*filter\n-N LOGDROP\n-D INPUT -i lo -j ACCEPT\n-P INPUT ACCEPT\n-A LOGDROP -j DROP\n-D WEB ' +
        '-s 198.51.100.7/32 -j DROP\n-I WEB 1 -s 198.51.100.8/32 -j DROP\n-E TCP TCP-IN\nCOMMIT\n',
    );
  });

  it('has nothing to do when the edits cancel out', () => {
    const t = filter();
    const s = specs(t, 'INPUT');
    const { script, diff } = plan(t, [
      { kind: 'move', chain: 'INPUT', from: 0, to: 1, spec: s[0]! },
      { kind: 'move', chain: 'INPUT', from: 1, to: 0, spec: s[0]! },
    ]);
    expect(diff.chains).toEqual([]);
    expect(script).toBeNull();
  });

  it('flushes once instead of deleting rule by rule', () => {
    const { script } = plan(filter(), [{ kind: 'flushChain', chain: 'INPUT' }]);
    expect(script).toBe('*filter\n-F INPUT\nCOMMIT\n');
  });

  it('any sequence of edits: the script turns live into staged', () => {
    const base = filter();
    fc.assert(
      fc.property(editPicks, (picks) => {
        const { edits } = editsFrom(base, picks);
        const { staged, script } = plan(base, edits);
        const after = script ? simulateRestore(base, script) : base;
        expect(shape(after)).toBe(shape(staged));
      }),
      { numRuns: 300 },
    );
  });
});

describe('unified diff', () => {
  it('prints hunks with context like diff -u', () => {
    const a = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const b = 'a\nb\nc\nD\ne\nf\ng\nh\n';
    expect(unifiedDiff(a, b).map((l) => (l.kind === '@' ? l.text : `${l.kind}${l.text}`))).toEqual([
      '@@ -1,7 +1,7 @@',
      ' a',
      ' b',
      ' c',
      '-d',
      '+D',
      ' e',
      ' f',
      ' g',
    ]);
    expect(unifiedDiff(a, a)).toEqual([]);
  });
});

describe('the read-back after an apply', () => {
  const kernelSpelling =
    "takes the kernel's spelling of a typed rule as the same rule: service names, long options, state order";
  it(kernelSpelling, async () => {
    const { looselyEqual } = await import('../../../../src/domain/commit/commit-plan.js');
    const same = (typed: string, kernel: string): boolean => looselyEqual(typed.split(' '), kernel.split(' '));
    expect(same('-p tcp --dport ssh -j ACCEPT', '-p tcp -m tcp --dport 22 -j ACCEPT')).toBe(true);
    expect(same('-p tcp --destination-port https -j ACCEPT', '-p tcp -m tcp --dport 443 -j ACCEPT')).toBe(true);
    expect(
      same('-p tcp -m multiport --dports http,https -j ACCEPT', '-p tcp -m multiport --dports 80,443 -j ACCEPT'),
    ).toBe(true);
    expect(
      same(
        '-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
        '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      ),
    ).toBe(true);
    expect(same('--protocol udp --source 10.0.0.1 -j DROP', '-s 10.0.0.1/32 -p udp -j DROP')).toBe(true);
    // ...but a different port is a different rule.
    expect(same('-p tcp --dport ssh -j ACCEPT', '-p tcp -m tcp --dport 23 -j ACCEPT')).toBe(false);
  });
});
