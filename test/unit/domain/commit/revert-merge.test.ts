import { describe, expect, it } from 'vitest';
import { makePlan } from '../../../../src/domain/commit/commit-plan.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { restoreScript } from '../../../../src/domain/commit/restore-script.js';
import { mergeRevert } from '../../../../src/domain/commit/revert-merge.js';
import { revertPlan, savedTable } from '../../../../src/domain/commit/revert-plan.js';
import type { Table } from '../../../../src/domain/model/ruleset.js';
import { shape, simulateRestore } from '../../../helpers/restore-sim.js';

const filter = (input: readonly string[]): Table =>
  parseSave(
    `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT ` +
      `[0:0]\n${input.map((r) => `-A INPUT ${r}`).join('\n')}\nCOMMIT\n`,
  ).tables[0]!;
const rules = (t: Table) => t.chains.find((c) => c.name === 'INPUT')!.rules;
const specs = (t: Table) => rules(t).map((r) => r.spec);

const LO = '-i lo -j ACCEPT';
const SSH = '-p tcp -m tcp --dport 22 -j ACCEPT';
const WEB = '-p tcp -m tcp --dport 80 -j ACCEPT';
const DROP = '-p tcp -m tcp --dport 5555 -j DROP';
const OTHER = '-s 198.51.100.9/32 -j ACCEPT';

describe('reverting a chain another program writes to', () => {
  const before = filter([LO, SSH, WEB]);
  const written = filter([LO, SSH, DROP]);

  it("drops the commit's rules, brings back what it deleted, keeps another program's rule where it is", () => {
    const now = filter([OTHER, LO, SSH, DROP]);
    expect(mergeRevert(rules(before), rules(written), rules(now)).map((r) => r.spec)).toEqual([OTHER, LO, SSH, WEB]);
    const mid = filter([LO, OTHER, SSH, DROP]);
    expect(mergeRevert(rules(before), rules(written), rules(mid)).map((r) => r.spec)).toEqual([LO, OTHER, SSH, WEB]);
  });

  it(
    'a revert computed from one read never names a rule ' + 'by its number: another insert at the head hits nothing',
    () => {
      const commit = makePlan('ipv4', before, written, new Map());
      const saved = { ...savedTable(commit, before), written: written.chains };
      const read = filter([LO, SSH, DROP]);
      const script = restoreScript(revertPlan(saved, read).diff)!;
      expect(script).not.toMatch(/^-D INPUT \d+$/m);
      // Another program inserts at the head between the read and the write.
      const raced = simulateRestore(read, `*filter\n-I INPUT 1 ${OTHER}\nCOMMIT\n`);
      const after = simulateRestore(raced, script);
      expect(specs(after)).toContain(LO);
      expect(specs(after)).toContain(OTHER);
      expect(specs(after)).not.toContain(DROP);
      // The next round's read sees WEB one place off and puts it right; then nothing is left to do.
      const fixed = simulateRestore(after, restoreScript(revertPlan(saved, after).diff) ?? '');
      expect(specs(fixed)).toEqual([OTHER, LO, SSH, WEB]);
      expect(restoreScript(revertPlan(saved, fixed).diff)).toBeNull();
    },
  );

  it('without the copy of what the commit wrote, the chain returns exactly to the saved one', () => {
    const commit = makePlan('ipv4', before, written, new Map());
    const now = filter([OTHER, LO, SSH, DROP]);
    const back = simulateRestore(now, restoreScript(revertPlan(savedTable(commit, before), now).diff)!);
    expect(shape(back)).toBe(shape(before));
  });
});
