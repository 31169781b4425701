import { describe, expect, it } from 'vitest';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { renderSave } from '../../../../src/domain/text/render-save.js';
import { parseRuleView } from '../../../../src/domain/model/rule-view.js';

const specs = (text: string, chain = 'INPUT'): string[] =>
  parseSave(text)
    .tables[0]!.chains.find((c) => c.name === chain)!
    .rules.map((r) => r.spec);

describe('iptables-restore input syntax', () => {
  it('reads -I with and without a position, -D by number and by spec, -R', () => {
    const text = `*filter
:INPUT ACCEPT [0:0]
-A INPUT -s 10.0.0.1 -j ACCEPT
-A INPUT -s 10.0.0.2 -j ACCEPT
-I INPUT -s 10.0.0.0 -j ACCEPT
-I INPUT 3 -s 10.0.0.9 -j DROP
-D INPUT 1
-D INPUT -s 10.0.0.2 -j ACCEPT
-R INPUT 1 -s 10.0.0.5 -j ACCEPT
COMMIT
`;
    expect(specs(text)).toEqual(['-s 10.0.0.5 -j ACCEPT', '-s 10.0.0.9 -j DROP']);
  });

  it('reads -N, -F, -X, -P, -Z and -E; a renamed chain keeps the jumps to it', () => {
    const text = `*filter
:INPUT ACCEPT [5:500]
-N old
-N gone
-A old -j RETURN
-A INPUT -j old
-A INPUT -g old
-F gone
-X gone
-P INPUT DROP
-Z INPUT
-E old new
COMMIT
`;
    const table = parseSave(text).tables[0]!;
    expect(table.chains.map((c) => c.name)).toEqual(['INPUT', 'new']);
    expect(table.chains[0]!.policy).toBe('DROP');
    expect(table.chains[0]!.counters).toEqual({ packets: 0n, bytes: 0n });
    expect(table.chains[0]!.rules.map((r) => r.spec)).toEqual(['-j new', '-g new']);
  });

  it('takes counters from [p:b] prefixes and from -c P B', () => {
    const text = `*filter
:INPUT ACCEPT
[7:700] -A INPUT -j ACCEPT
-A INPUT -c 9 900 -p tcp -j DROP
COMMIT
`;
    const rules = parseSave(text).tables[0]!.chains[0]!.rules;
    expect(rules.map((r) => r.counters)).toEqual([
      { packets: 7n, bytes: 700n },
      { packets: 9n, bytes: 900n },
    ]);
    expect(rules[1]!.spec).toBe('-p tcp -j DROP');
  });

  it('accepts rules for undeclared built-in chains, as iptables-restore does', () => {
    expect(specs('*filter\n-A INPUT -j ACCEPT\nCOMMIT\n')).toEqual(['-j ACCEPT']);
  });

  it('reads ferm-style long options into the same structured view', () => {
    const text =
      '*filter\n:INPUT DROP [0:0]\n-A INPUT --protocol tcp --dport 3306 --source ' +
      '10.0.0.0/8 --match comment --comment "db from lan" --jump ACCEPT\nCOMMIT\n';
    const rule = parseSave(text).tables[0]!.chains[0]!.rules[0]!;
    const view = parseRuleView(rule.args);
    expect(view.protocol).toEqual({ value: 'tcp', negated: false });
    expect(view.source).toEqual({ value: '10.0.0.0/8', negated: false });
    expect(view.matches.map((m) => m.name)).toEqual(['tcp', 'comment']);
    expect(view.matches[0]!.options).toEqual([{ name: '--dport', values: ['3306'], negated: false }]);
    expect(view.comments).toEqual(['db from lan']);
    expect(view.target).toEqual({ name: 'ACCEPT', options: [], goto: false });
  });

  it('renders save text without rule counters when the input had none', () => {
    const text =
      '*nat\n:PREROUTING ACCEPT [1:2]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth0 -j MASQUERADE\nCOMMIT\n';
    expect(renderSave(parseSave(text))).toBe(text);
  });
});

describe('rule view', () => {
  it('keeps negations, goto, target options and unknown modules', () => {
    const view = parseRuleView([
      '!',
      '-s',
      '192.0.2.0/24',
      '!',
      '-i',
      'eth0',
      '!',
      '-p',
      'udp',
      '-m',
      'udp',
      '!',
      '--dport',
      '53',
      '-m',
      'frobnicate',
      '--level',
      '11',
      '--flag',
      '-g',
      'LOGDROP',
    ]);
    expect(view.source).toEqual({ value: '192.0.2.0/24', negated: true });
    expect(view.inInterface).toEqual({ value: 'eth0', negated: true });
    expect(view.protocol).toEqual({ value: 'udp', negated: true });
    expect(view.matches[0]).toEqual({ name: 'udp', options: [{ name: '--dport', values: ['53'], negated: true }] });
    expect(view.matches[1]).toEqual({
      name: 'frobnicate',
      options: [
        { name: '--level', values: ['11'], negated: false },
        { name: '--flag', values: [], negated: false },
      ],
    });
    expect(view.target).toEqual({ name: 'LOGDROP', options: [], goto: true });
  });

  it('reads a comment that looks like an option as the comment', () => {
    const view = parseRuleView(['-m', 'comment', '--comment', '-j', '-j', 'ACCEPT']);
    expect(view.comments).toEqual(['-j']);
    expect(view.target?.name).toBe('ACCEPT');
  });

  it('reads target options', () => {
    const view = parseRuleView(['-j', 'LOG', '--log-prefix', 'x y', '--log-level', '7']);
    expect(view.target?.options).toEqual([
      { name: '--log-prefix', values: ['x y'], negated: false },
      { name: '--log-level', values: ['7'], negated: false },
    ]);
  });
});
