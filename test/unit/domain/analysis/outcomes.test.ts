/** Which outcomes a ruleset's rules can give a packet at all: what lets the evaluator stop early. */
import { describe, expect, it } from 'vitest';
import { tracePacket } from '../../../../src/domain/analysis/evaluate.js';
import { outcomesIn } from '../../../../src/domain/analysis/outcomes.js';
import { parsePacketSpec } from '../../../../src/domain/analysis/packet-spec.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const filter = (policy: string, chains: string[], rules: string[]) =>
  parseSave(
    [
      '*filter',
      `:INPUT ${policy} [0:0]`,
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ...chains.map((c) => `:${c} - [0:0]`),
      ...rules,
      'COMMIT',
      '',
    ].join('\n'),
  );
const outcomes = (policy: string, rules: string[], chains: string[] = []) =>
  [...outcomesIn(filter(policy, chains, rules))].sort();

/** `depth` user chains, each jumping to the next, entered from INPUT for sources in 10.1/16. */
const nested = (depth: number) => {
  const chains = Array.from({ length: depth }, (_, i) => `C${i}`);
  const jumps = chains.slice(1).map((c, i) => `-A C${i} -j ${c}`);
  return filter('ACCEPT', chains, ['-A INPUT -s 10.1.0.0/16 -j C0', '-A INPUT -s 10.2.0.0/16 -j DROP', ...jumps]);
};
const anyTcp = parsePacketSpec(['-p', 'tcp', '-i', 'eth0']);

describe('the outcomes the rules can give', () => {
  it('ACCEPT always; DROP from a policy or a rule; REJECT from a rule', () => {
    expect(outcomes('ACCEPT', [])).toEqual(['ACCEPT']);
    expect(outcomes('DROP', [])).toEqual(['ACCEPT', 'DROP']);
    expect(outcomes('ACCEPT', ['-A INPUT -p udp -j REJECT --reject-with icmp-port-unreachable'])).toEqual([
      'ACCEPT',
      'REJECT',
    ]);
    expect(outcomes('ACCEPT', ['-A A -j DROP'], ['A'])).toEqual(['ACCEPT', 'DROP']);
  });

  it('targets the walk goes past or follows add nothing', () => {
    const rules = [
      '-A INPUT -j LOG',
      '-A INPUT -p tcp',
      '-A INPUT -j A',
      '-A A -j RETURN',
      '-A INPUT -j MARK --set-mark 1',
    ];
    expect(outcomes('ACCEPT', rules, ['A'])).toEqual(['ACCEPT']);
  });

  it('a target fwtui does not follow, or a jump to a built-in chain, may end a walk it cannot follow', () => {
    expect(outcomes('ACCEPT', ['-A INPUT -j NFQUEUE --queue-num 1'])).toEqual(['ACCEPT', 'unknown']);
    expect(outcomes('ACCEPT', ['-A INPUT -j OUTPUT'])).toEqual(['ACCEPT', 'unknown']);
  });

  it('jumps nested as deep as the walk follows them add nothing; one chain deeper, or a loop, may', () => {
    expect([...outcomesIn(nested(63))]).not.toContain('unknown');
    expect([...outcomesIn(nested(64))]).toContain('unknown');
    expect(outcomes('ACCEPT', ['-A A -j B', '-A B -j A'], ['A', 'B'])).toEqual(['ACCEPT', 'unknown']);
    // The walk agrees: 64 chains deep it is stuck, 63 it is not.
    const early = { stopWhenUncertain: true };
    expect(tracePacket(nested(63), anyTcp, early).possible).toEqual(['ACCEPT', 'DROP']);
    expect(tracePacket(nested(64), anyTcp, early).possible).toEqual(['ACCEPT', 'DROP', 'unknown']);
  });
});
