/**
 * The evaluator's word on what may happen to a packet: the list of possible verdicts, whether it may be
 * longer, and the rule it names when uncertain. Stopping early (the lockout check's summary) must not say
 * less than following every way would.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tracePacket } from '../../../../src/domain/analysis/evaluate.js';
import { parsePacketSpec } from '../../../../src/domain/analysis/packet-spec.js';
import { verdictLine } from '../../../../src/domain/analysis/trace-report.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

/** A ruleset from iptables-save sections: `[header lines, rule lines]` per table. */
const save = (...lines: string[]) => parseSave([...lines, ''].join('\n'));
const filterHead = (policy: string) => [
  '*filter',
  `:INPUT ${policy} [0:0]`,
  ':FORWARD ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
];
const anyTcp = parsePacketSpec(['-p', 'tcp', '--dport', '22', '-i', 'eth0']);
const early = { stopWhenUncertain: true };

describe('stopping early says no less than following every way', () => {
  it('keeps a certain verdict certain: ways that all end the same are all followed', () => {
    const r = save(...filterHead('ACCEPT'), '-A INPUT -s 10.0.0.0/8 -j LOG', 'COMMIT');
    const t = tracePacket(r, anyTcp, early);
    expect(verdictLine(t)).toBe('ACCEPT by the policy of filter INPUT (ACCEPT)');
    expect(t.possible).toEqual(['ACCEPT']);
    expect(t.morePossible).toBeUndefined();
  });

  it('waits for the DROP a policy gives, in a later table than the one loaded first', () => {
    const r = save(
      '*raw',
      ':PREROUTING ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      'COMMIT',
      ...filterHead('DROP'),
      '-A INPUT -s 10.1.0.0/16 -j RETURN',
      '-A INPUT -s 10.2.0.0/16 -j REJECT',
      '-A INPUT -j ACCEPT',
      'COMMIT',
    );
    // The first two ways end ACCEPT and REJECT; only the third (RETURN to the policy) ends DROP.
    const t = tracePacket(r, anyTcp, early);
    expect(t.possible).toEqual(['ACCEPT', 'DROP', 'REJECT']);
    expect(t.morePossible).toBeUndefined();
    expect(t.uncertainAt?.rule?.number).toBe(1);
  });

  it('reads targets however the admin wrote them (--jump, --goto)', () => {
    const r = save(
      ...filterHead('ACCEPT'),
      ':OUT - [0:0]',
      '-A INPUT -s 10.1.0.0/16 --jump REJECT',
      '-A INPUT -s 10.3.0.0/16 --goto OUT',
      '-A INPUT -s 10.2.0.0/16 -j DROP',
      '-A OUT -j ACCEPT',
      'COMMIT',
    );
    const t = tracePacket(r, anyTcp, early);
    expect(t.possible).toEqual(['ACCEPT', 'DROP', 'REJECT']);
    expect(t.morePossible).toBeUndefined();
  });

  it('lists an outcome fwtui cannot follow when a way ends in one', () => {
    const r = save(
      ...filterHead('ACCEPT'),
      '-A INPUT -s 10.1.0.0/16 -j NFQUEUE --queue-num 1',
      '-A INPUT -s 10.2.0.0/16 -j DROP',
      'COMMIT',
    );
    const t = tracePacket(r, anyTcp, early);
    expect(t.possible).toEqual(['ACCEPT', 'DROP', 'unknown']);
    expect(verdictLine(t)).toMatch(/could be ACCEPT or DROP or an outcome fwtui cannot follow$/);
  });
});

describe('the rule named when the verdict is uncertain', () => {
  // `logs` LOG rules fwtui cannot decide (the source is not given), then two rate limits that decide.
  const chain = (logs: number) =>
    save(
      ...filterHead('DROP'),
      ...Array.from({ length: logs }, (_, i) => `-A INPUT -s 10.0.${i >> 8}.${i & 255}/32 -j LOG`),
      '-A INPUT -p tcp -m limit --limit 1/s -j ACCEPT',
      '-A INPUT -p tcp -m limit --limit 2/s -j REJECT',
      'COMMIT',
    );

  it('is the first one on the shown path whose other answer changes the verdict', () => {
    const t = tracePacket(chain(10), anyTcp);
    expect(t.uncertainAt?.rule?.number).toBe(11);
    expect(t.uncertainAt?.why).toBe('-m limit (matches only while under its rate)');
    expect(t.possible).toEqual(['ACCEPT', 'DROP', 'REJECT']);
  });

  it('past the budget of rule checks, is where the shown way and the first other way part', () => {
    // Trying each of 600 LOG rules the other way looks at 600 x 602 rules: more than the budget.
    const t = tracePacket(chain(600), anyTcp);
    expect(verdictLine(t)).toMatch(/^uncertain at filter INPUT rule 602 \(-m limit/);
    expect(t.path).toEqual([]);
    expect(t.decidedBy).toEqual({ kind: 'policy', table: 'filter', chain: 'INPUT', policy: 'DROP' });
  });
});

describe('every outcome, on small random rulesets', () => {
  const matches = ['', '-s 10.1.0.0/16 ', '-s 10.2.0.0/16 ', '-m limit --limit 1/s ', '-p udp ', '-p tcp '];
  const targets = ['ACCEPT', 'DROP', 'REJECT', 'LOG', 'RETURN', 'NFQUEUE --queue-num 1', 'A', 'B'];
  const rule = (chain: string, targetsHere: string[]) =>
    fc
      .tuple(fc.constantFrom(...matches), fc.constantFrom(...targetsHere))
      .map(([m, t]) => `-A ${chain} ${m}${t === 'A' || t === 'B' ? `-j ${t}` : `-j ${t}`}`.replace(/ {2,}/g, ' '));
  const ruleset = fc
    .tuple(
      fc.constantFrom('ACCEPT', 'DROP'),
      fc.array(rule('INPUT', targets), { maxLength: 4 }),
      fc.array(
        rule(
          'A',
          targets.filter((t) => t !== 'A'),
        ),
        { maxLength: 3 },
      ),
      fc.array(
        rule(
          'B',
          targets.filter((t) => t !== 'A' && t !== 'B'),
        ),
        { maxLength: 2 },
      ),
    )
    .map(([policy, input, a, b]) =>
      save(...filterHead(policy), ':A - [0:0]', ':B - [0:0]', ...input, ...a, ...b, 'COMMIT'),
    );

  it('stopping early gives the same verdict and possible outcomes as following every way', () => {
    fc.assert(
      fc.property(ruleset, (r) => {
        const all = tracePacket(r, anyTcp);
        const some = tracePacket(r, anyTcp, early);
        expect(all.morePossible).toBeUndefined();
        expect(some.verdict).toBe(all.verdict);
        expect(some.possible).toEqual(all.possible);
        expect(some.morePossible).toBeUndefined();
        // Certain exactly when every way ends with the same verdict.
        expect(all.verdict !== null).toBe(all.possible.length === 1 && all.possible[0] !== 'unknown');
      }),
      { numRuns: 300 },
    );
  });
});
