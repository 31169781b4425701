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

  it('counts the chains in front of a chain it has already read (a deep chain entered from FORWARD too)', () => {
    // INPUT -> C0..C62 is 64 chains deep, as deep as the walk follows; FORWARD -> D -> C0..C62 is one more.
    const chains = [...Array.from({ length: 63 }, (_, i) => `C${i}`), 'D'];
    const jumps = chains.slice(1, 63).map((c, i) => `-A C${i} -j ${c}`);
    const rules = ['-A INPUT -j C0', '-A FORWARD -j D', '-A D -j C0', ...jumps];
    expect(outcomes('ACCEPT', rules, chains)).toEqual(['ACCEPT', 'unknown']);
    const forward = parsePacketSpec(['-p', 'tcp', '-i', 'eth0', '-o', 'eth1']);
    expect(tracePacket(filter('ACCEPT', chains, rules), forward).possible).toEqual(['unknown']);
  });

  it('reads chains that jump to each other in many ways, or nest very deep, at once and without failing', () => {
    // 40 levels of two chains, each jumping to both chains of the next level: 2^40 ways down, 80 chains.
    const level = (n: number) => [`L${n}a`, `L${n}b`];
    const chains = Array.from({ length: 40 }, (_, n) => level(n)).flat();
    const rules = chains.flatMap((c) => {
      const n = Number(c.slice(1, -1));
      return n < 39 ? level(n + 1).map((next) => `-A ${c} -j ${next}`) : [];
    });
    expect(outcomes('ACCEPT', ['-A INPUT -j L0a', ...rules], chains)).toEqual(['ACCEPT']);
    expect(outcomes('ACCEPT', ['-A INPUT -j L0a', ...rules, '-A L39a -j L0b'], chains)).toEqual(['ACCEPT', 'unknown']);
    const deep = Array.from({ length: 50_000 }, (_, i) => `D${i}`);
    const nest = deep.slice(1).map((c, i) => `-A D${i} -j ${c}`);
    expect(outcomes('ACCEPT', nest, deep)).toEqual(['ACCEPT', 'unknown']);
  });
});
