import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../../src/domain/text/parse-error.js';
import { parseSave, SaveParser } from '../../../../src/domain/text/parse-save.js';

/** The filter table of `lines` (after `*filter`, before `COMMIT`). */
const filter = (...lines: string[]) => parseSave(['*filter', ...lines, 'COMMIT', ''].join('\n')).tables[0]!;
const specs = (lines: string[], chain = 'INPUT'): string[] =>
  filter(...lines)
    .chains.find((c) => c.name === chain)!
    .rules.map((r) => r.spec);
/** The message of the ParseError `lines` raise (line numbers count `*filter` as 1). */
function errorOf(...lines: string[]): string {
  try {
    filter(...lines);
  } catch (e) {
    if (e instanceof ParseError) return e.message;
    throw e;
  }
  throw new Error('expected a ParseError');
}
const DECL = ':INPUT ACCEPT [0:0]';

describe('counters', () => {
  it('reads [packets:bytes] on chains and rules, up to 2^64-1', () => {
    const t = filter(':INPUT ACCEPT [18446744073709551615:0012]', '[1234567890123456789:5] -A INPUT -j ACCEPT');
    expect(t.chains[0]!.counters).toEqual({ packets: 18446744073709551615n, bytes: 12n });
    expect(t.chains[0]!.rules[0]!.counters).toEqual({ packets: 1234567890123456789n, bytes: 5n });
    expect(filter(':INPUT ACCEPT [0:18446744073709551615]').chains[0]!.counters.bytes).toBe(18446744073709551615n);
    expect(filter(':INPUT ACCEPT').chains[0]!.counters).toEqual({ packets: 0n, bytes: 0n });
    expect(filter(':INPUT ACCEPT [00000000000000000000001:1]').chains[0]!.counters.packets).toBe(1n);
  });

  it('refuses counters that are not [digits:digits] or exceed 64 bits', () => {
    for (const bad of [
      '[:1]',
      '[1:]',
      '[1:2',
      '1:2]',
      '[12]',
      '[1:2x]',
      '[a:2]',
      '[1/2]',
      '[1:2:3]',
      'x1:2]',
      '[1:2x',
      '[+1:2]',
    ]) {
      expect(errorOf(`:INPUT ACCEPT ${bad}`)).toBe(`line 2: bad counters "${bad}" (expected [packets:bytes])`);
    }
    expect(errorOf(':INPUT ACCEPT [18446744073709551616:0]')).toBe(
      'line 2: counters "[18446744073709551616:0]" exceed 64 bits',
    );
    expect(errorOf(':INPUT ACCEPT [0:18446744073709551616]')).toBe(
      'line 2: counters "[0:18446744073709551616]" exceed 64 bits',
    );
    expect(errorOf(DECL, '[18446744073709551616:0] -A INPUT -j ACCEPT')).toBe(
      'line 3: counters "[18446744073709551616:0]" exceed 64 bits',
    );
    expect(errorOf(DECL, '[1:x] -A INPUT -j ACCEPT')).toBe('line 3: bad counters "[1:x]" (expected [packets:bytes])');
    expect(errorOf(DECL, '[1:2 -A INPUT -j ACCEPT')).toBe('line 3: counters "[" without a closing "]"');
  });

  it('takes -c P B and --set-counters out of a rule, and refuses them without two numbers', () => {
    const t = filter(DECL, '-A INPUT -p tcp --set-counters 3 4 -j ACCEPT', '-I INPUT 1 -c 5 6 -j DROP');
    expect(t.chains[0]!.rules.map((r) => [r.spec, r.counters])).toEqual([
      ['-j DROP', { packets: 5n, bytes: 6n }],
      ['-p tcp -j ACCEPT', { packets: 3n, bytes: 4n }],
    ]);
    expect(errorOf(DECL, '-A INPUT -c 5 -j DROP')).toBe('line 3: -c needs two numbers: packets and bytes');
    expect(errorOf(DECL, '-A INPUT -j DROP -c 5')).toBe('line 3: -c needs two numbers: packets and bytes');
    expect(errorOf(DECL, '-A INPUT --set-counters x 1 -j DROP')).toBe(
      'line 3: --set-counters needs two numbers: packets and bytes',
    );
    expect(errorOf(DECL, '-A INPUT -c 1 x -j DROP')).toBe('line 3: -c needs two numbers: packets and bytes');
    // Only -c as a word: --ctstate and a comment's dashes are not counters.
    expect(specs([DECL, '-A INPUT -m conntrack --ctstate NEW -m comment --comment a-c -j ACCEPT'])).toEqual([
      '-m conntrack --ctstate NEW -m comment --comment a-c -j ACCEPT',
    ]);
    expect(specs([DECL, '-A INPUT -m comment --comment x-c'])).toEqual(['-m comment --comment x-c']);
    expect(specs([DECL, '-A INPUT -m comment --comment -cx'])).toEqual(['-m comment --comment -cx']);
  });
});

describe('table and chain lines', () => {
  it('knows the five tables, ignores comments, collects iptables warnings', () => {
    const r = parseSave(
      [
        '# Generated',
        '#Warning: iptables-legacy tables present',
        '*raw',
        'COMMIT',
        '*security',
        'COMMIT',
        '  ',
        '*nat',
        'COMMIT',
        '*mangle',
        'COMMIT',
      ].join('\n'),
    );
    expect(r.tables.map((t) => t.name)).toEqual(['raw', 'security', 'nat', 'mangle']);
    expect(r.warnings).toEqual(['iptables-legacy tables present']);
    const spaced = parseSave('#   Warning:   two  spaces\n# not a #Warning: at the start\n');
    expect(spaced.warnings).toEqual(['two  spaces']);
    expect(r.family).toBe('ipv4');
    expect(parseSave('', { family: 'ipv6' }).family).toBe('ipv6');
  });

  it('refuses malformed declarations, naming the chain', () => {
    expect(errorOf(':')).toBe('line 2: chain declaration without a name');
    expect(errorOf(':X')).toBe('line 2: chain X has no policy (use "-" for a user-defined chain)');
    expect(errorOf(':X - [0:0] extra')).toBe('line 2: unexpected text after the counters of chain X');
    expect(errorOf(':OUTPUT ACCEPT [0:0]', ':X - [0:0]', ':X - [0:0]')).toBe(
      'line 4: chain X is declared twice in table filter',
    );
  });

  it('shortens a long stray line in its message', () => {
    const long = `-A INPUT ${'x'.repeat(80)}`;
    expect(() => parseSave(long)).toThrow(`line 1: "${long.slice(0, 57)}..." appears before any table`);
    const sixty = 'y'.repeat(60);
    expect(() => parseSave(sixty)).toThrow(`line 1: "${sixty}" appears before any table`);
  });

  it('reads a last line without a newline, and pieces cut inside lines', () => {
    const p = new SaveParser();
    for (const piece of ['*fil', 'ter\n:INPUT ', 'DROP [0:0]\n-A INPUT', ' -j ACCEPT\n', 'COMMIT']) p.push(piece);
    const t = p.end().tables[0]!;
    expect(t.chains[0]!.policy).toBe('DROP');
    expect(t.chains[0]!.rules.map((r) => r.spec)).toEqual(['-j ACCEPT']);
    const q = new SaveParser({ family: 'ipv6' });
    q.push('*filter\nCOMMIT\n');
    q.push('');
    expect(q.end()).toMatchObject({ family: 'ipv6', tables: [{ name: 'filter', chains: [] }] });
  });
});

describe('rules printed as iptables-save prints them', () => {
  it('puts each rule in its own chain, also when names share a prefix or a length', () => {
    const t = filter(
      ':A - [0:0]',
      ':AB - [0:0]',
      ':AC - [0:0]',
      '-A AB -j R1',
      '-A AC -j R2',
      '-A A -j R3',
      '-A AB -j R4',
      '-A A -j R5',
    );
    expect(t.chains.map((c) => [c.name, c.rules.map((r) => r.spec).join(' ')])).toEqual([
      ['A', '-j R3 -j R5'],
      ['AB', '-j R1 -j R4'],
      ['AC', '-j R2'],
    ]);
  });

  it('checks quotes and backslashes of a printed rule, naming its line', () => {
    expect(errorOf(DECL, '-A INPUT -j LOG --log-prefix x\\')).toBe('line 3: line ends with a lone backslash');
    expect(specs([DECL, '-A INPUT -m comment --comment "a\\"b" -j ACCEPT'])).toEqual([
      '-m comment --comment "a\\"b" -j ACCEPT',
    ]);
    expect(filter(DECL, '-A INPUT -m comment --comment "a\\"b"').chains[0]!.rules[0]!.args).toEqual([
      '-m',
      'comment',
      '--comment',
      'a"b',
    ]);
  });

  it('takes -c after a tab or at the end of the rule as counters', () => {
    expect(filter(DECL, '-A INPUT -p tcp\t-c 1 2 -j DROP').chains[0]!.rules[0]!.counters).toEqual({
      packets: 1n,
      bytes: 2n,
    });
    expect(errorOf(DECL, '-A INPUT -j DROP -c')).toBe('line 3: -c needs two numbers: packets and bytes');
  });

  it('reads declarations with any run of spaces', () => {
    expect(filter(':INPUT   DROP \t[1:2]').chains[0]).toMatchObject({
      policy: 'DROP',
      counters: { packets: 1n, bytes: 2n },
    });
  });
});

describe('rule commands', () => {
  it('appends with any spacing, a rule with no spec, and rules of undeclared built-in chains', () => {
    expect(specs([DECL, '-A INPUT', '-A  INPUT -j DROP', '-A INPUT\t-j REJECT', '--append INPUT -p udp'])).toEqual([
      '',
      '-j DROP',
      '-j REJECT',
      '-p udp',
    ]);
    const t = filter('-A FORWARD -j DROP');
    expect(t.chains).toEqual([
      expect.objectContaining({ name: 'FORWARD', policy: 'ACCEPT', counters: { packets: 0n, bytes: 0n } }),
    ]);
    expect(errorOf('-A')).toBe('line 2: -A needs a chain name');
    expect(errorOf('-A NOPE -j DROP')).toBe(
      'line 2: chain NOPE is not declared in table filter (add ":NOPE - [0:0]" before its rules)',
    );
  });

  it('inserts at a position, 1 by default, up to one past the end; replaces in range only', () => {
    const base = [DECL, '-A INPUT -j A1', '-A INPUT -j A2'];
    expect(specs([...base, '-I INPUT -j X'])).toEqual(['-j X', '-j A1', '-j A2']);
    expect(specs([...base, '--insert INPUT 3 -j X'])).toEqual(['-j A1', '-j A2', '-j X']);
    expect(specs([...base, '-I INPUT 2'])).toEqual(['-j A1', '', '-j A2']);
    expect(errorOf(...base, '-I INPUT 4 -j X')).toBe(
      'line 5: rule number 4 is out of range for chain INPUT in table filter (it has 2 rules)',
    );
    expect(errorOf(...base, '-I INPUT 0 -j X')).toBe(
      'line 5: rule number 0 is out of range for chain INPUT in table filter (it has 2 rules)',
    );
    expect(specs([...base, '--replace INPUT 2 -j X'])).toEqual(['-j A1', '-j X']);
    expect(errorOf(...base, '-R INPUT 3 -j X')).toBe(
      'line 5: rule number 3 is out of range for chain INPUT in table filter (it has 2 rules)',
    );
    expect(errorOf(...base, '-R INPUT -j X')).toBe('line 5: -R needs a rule number');
  });

  it('makes one rule per listed address: appended in order, inserted reversed, never replaced', () => {
    expect(specs([DECL, '-A INPUT -s 10.0.0.1,10.0.0.2 -j DROP'])).toEqual([
      '-s 10.0.0.1 -j DROP',
      '-s 10.0.0.2 -j DROP',
    ]);
    expect(specs([DECL, '-A INPUT -j A', '-I INPUT 1 -s 10.0.0.1,10.0.0.2 -j DROP'])).toEqual([
      '-s 10.0.0.2 -j DROP',
      '-s 10.0.0.1 -j DROP',
      '-j A',
    ]);
    expect(specs([DECL, '-A  INPUT -s 10.0.0.1,10.0.0.2 -j DROP'])).toHaveLength(2);
    expect(errorOf(DECL, '-A INPUT -j A', '-R INPUT 1 -s 10.0.0.1,10.0.0.2 -j DROP')).toBe(
      'line 4: -R with a list of addresses: iptables refuses it (one rule per address)',
    );
    // A comma inside a comment is not a list.
    expect(specs([DECL, '-I INPUT -m comment --comment "a,b" -j A'])).toEqual(['-m comment --comment "a,b" -j A']);
  });

  it('deletes by number or by the same words, and says when there is no such rule', () => {
    const base = [DECL, '-A INPUT -j A1', '-A INPUT -m comment --comment "x y" -j A2', '-A INPUT -j A1'];
    expect(specs([...base, '--delete INPUT 3'])).toEqual(['-j A1', '-m comment --comment "x y" -j A2']);
    expect(specs([...base, '-D INPUT -j A1'])).toEqual(['-m comment --comment "x y" -j A2', '-j A1']);
    expect(specs([...base, '-D INPUT -m comment --comment "x y" -j A2'])).toEqual(['-j A1', '-j A1']);
    expect(errorOf(...base, '-D INPUT 4')).toBe('line 6: chain INPUT has no rule 4');
    expect(errorOf(...base, '-D INPUT 0')).toBe('line 6: chain INPUT has no rule 0');
    expect(errorOf(...base, '-D INPUT -j A3')).toBe('line 6: no rule in chain INPUT matches "-j A3"');
    expect(errorOf(...base, '-D INPUT -j "A3')).toBe('line 6: a double quote is never closed');
  });

  it('says which command is not one, shortened', () => {
    expect(errorOf('-Q INPUT')).toBe(
      'line 2: "-Q" is not a rule command (expected -A, -I, -D, -R, -N, -X, -F, -P, -Z or -E)',
    );
  });
});

describe('chain commands', () => {
  it('-N makes an empty user chain, once', () => {
    const t = filter('--new-chain X');
    expect(t.chains).toEqual([{ name: 'X', policy: null, counters: { packets: 0n, bytes: 0n }, rules: [] }]);
    expect(errorOf('-N')).toBe('line 2: -N takes exactly one chain name');
    expect(errorOf('-N X Y')).toBe('line 2: -N takes exactly one chain name');
    expect(errorOf('-N X', '-N X')).toBe('line 3: chain X already exists in table filter');
  });

  it('-X deletes an empty user chain, or all of them; never a built-in or a non-empty one', () => {
    expect(filter(DECL, '-N X', '-N Y', '-X X').chains.map((c) => c.name)).toEqual(['INPUT', 'Y']);
    expect(filter(DECL, '-N X', '-N Y', '--delete-chain').chains.map((c) => c.name)).toEqual(['INPUT']);
    expect(errorOf(DECL, '-X INPUT')).toBe('line 3: built-in chain INPUT cannot be deleted');
    expect(errorOf('-N X', '-A X -j DROP', '-X X')).toBe('line 4: chain X is not empty (flush it with -F first)');
    expect(errorOf('-N X', '-A X -j DROP', '-X')).toBe('line 4: chain X is not empty (flush it with -F first)');
    expect(errorOf('-X Y')).toMatch(/^line 2: chain Y is not declared/);
  });

  it('-F empties one chain or all; -Z zeroes counters of one chain or all, keeping absent counters absent', () => {
    const base = [DECL, '-N X', '[1:1] -A INPUT -j X', '-A X -j DROP'];
    expect(filter(...base, '-F X').chains.map((c) => c.rules.length)).toEqual([1, 0]);
    expect(filter(...base, '--flush').chains.map((c) => c.rules.length)).toEqual([0, 0]);
    const zeroed = filter(':INPUT ACCEPT [5:5]', '-N X', '[1:1] -A INPUT -j X', '-A X -j DROP', '--zero');
    expect(zeroed.chains.map((c) => c.counters)).toEqual([
      { packets: 0n, bytes: 0n },
      { packets: 0n, bytes: 0n },
    ]);
    expect(zeroed.chains.map((c) => c.rules[0]!.counters)).toEqual([{ packets: 0n, bytes: 0n }, null]);
    const one = filter(':INPUT ACCEPT [5:5]', ':OUTPUT ACCEPT [6:6]', '[1:1] -A OUTPUT -j DROP', '-Z INPUT');
    expect(one.chains.map((c) => c.counters.packets)).toEqual([0n, 6n]);
    expect(one.chains[1]!.rules[0]!.counters).toEqual({ packets: 1n, bytes: 1n });
  });

  it("-P sets a built-in chain's policy only, to ACCEPT or DROP", () => {
    expect(filter(DECL, '--policy INPUT DROP').chains[0]!.policy).toBe('DROP');
    expect(errorOf('-N X', '-P X DROP')).toBe('line 3: user-defined chain X has no policy to set');
    expect(errorOf(DECL, '-P INPUT REJECT')).toBe('line 3: policy must be ACCEPT or DROP, not "REJECT"');
    expect(errorOf(DECL, '-P INPUT')).toBe('line 3: policy must be ACCEPT or DROP, not ""');
  });

  it('-E renames a user chain in place, jumps following; refuses built-ins, taken names and bad names', () => {
    const t = filter(DECL, '-N A', '-N B', '-A INPUT -j A', '--rename-chain A Z');
    expect(t.chains.map((c) => c.name)).toEqual(['INPUT', 'Z', 'B']);
    expect(t.chains[0]!.rules.map((r) => r.spec)).toEqual(['-j Z']);
    expect(specs([DECL, '-N A', '-E A Z', '-A Z -j DROP'], 'Z')).toEqual(['-j DROP']);
    expect(errorOf(DECL, '-E INPUT X')).toBe('line 3: built-in chain INPUT cannot be renamed');
    expect(errorOf('-N A', '-N B', '-E A B')).toBe('line 4: chain B already exists in table filter');
    expect(errorOf('-N A', '-E A')).toBe('line 3: -E needs the old and the new chain name');
    expect(errorOf('-N A', '-E A B C')).toBe('line 3: -E needs the old and the new chain name');
  });
});
