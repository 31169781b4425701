import { describe, expect, it } from 'vitest';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { splitArgs } from '../../../../src/domain/text/quoting.js';
import { checkRule } from '../../../../src/domain/edit/rule-check.js';
import { argsToForm, EMPTY_FORM, formToArgs } from '../../../../src/domain/edit/rule-form.js';
import { parseRuleView } from '../../../../src/domain/model/rule-view.js';
import { RULES_V4, RULES_V6 } from '../../../helpers/fake-source.js';
import { loadFixtures } from '../../../helpers/fixtures.js';

const v4 = parseSave(RULES_V4()).tables[0]!;
const v6 = parseSave(RULES_V6, { family: 'ipv6' }).tables[0]!;
const check4 = (line: string, chain = 'INPUT') => checkRule(splitArgs(line), { family: 'ipv4', table: v4, chain });
const check6 = (line: string) => checkRule(splitArgs(line), { family: 'ipv6', table: v6, chain: 'INPUT' });

describe('rule meaning checks', () => {
  it('accepts ordinary rules', () => {
    expect(check4('-p tcp -s 203.0.113.7 --dport 5432 -j ACCEPT')).toEqual([]);
    expect(check4('-s 10.0.0.0/255.0.0.0 -p udp -m multiport --dports 53,123:124 -j WEB')).toEqual([]);
    expect(check6('-s 2001:db8::/48 -p ipv6-icmp -m icmp6 --icmpv6-type echo-request -j ACCEPT')).toEqual([]);
    expect(check6('-p tcp -j REJECT --reject-with tcp-reset')).toEqual([]);
  });

  it('catches jumps to missing chains (nft --test misses them) and other target mistakes', () => {
    expect(check4('-j NOPE')).toEqual([
      'filter has no chain NOPE, and it is not a target iptables knows (create the chain first: N)',
    ]);
    expect(check4('-g ACCEPT')[0]).toMatch(/-g needs a user chain/);
    expect(check4('-j OUTPUT')[0]).toMatch(/built-in chain/);
    expect(check4('-j WEB', 'WEB')[0]).toMatch(/loop/);
  });

  it('catches addresses of the other family, names, bad prefixes', () => {
    expect(check4('-s 2001:db8::1 -j DROP')[0]).toMatch(/IPv6 address in an IPv4 rule/);
    expect(check6('-d 192.0.2.1 -j DROP')[0]).toMatch(/IPv4 address in an IPv6 rule/);
    expect(check4('-s example.com -j DROP')[0]).toMatch(/is a name/);
    expect(check4('-s 10.0.0.0/33 -j DROP')[0]).toMatch(/not a prefix/);
    expect(check4('-s 300.1.1.1 -j DROP')[0]).toMatch(/not an address/);
  });

  it('wants a port protocol for ports, valid ports, family reject types, short comments and prefixes', () => {
    expect(check4('--dport 22 -j ACCEPT')[0]).toMatch(
      /ports need the protocol tcp, udp, sctp or dccp \(this rule has no protocol\)/,
    );
    expect(check4('-p icmp -m tcp --dport 22 -j ACCEPT')[0]).toMatch(/-p icmp/);
    expect(check4('-p tcp --dport 70000 -j ACCEPT')[0]).toMatch(/70000 is not a port/);
    expect(check4('-p tcp --dport 90:80 -j ACCEPT')[0]).toMatch(/backwards/);
    expect(check6('-j REJECT --reject-with icmp-port-unreachable')[0]).toMatch(/not an IPv6 reject type/);
    expect(check4('-p udp -j REJECT --reject-with tcp-reset')[0]).toMatch(/needs -p tcp/);
    expect(check4(`-m comment --comment "${'é'.repeat(128)}" -j ACCEPT`)[0]).toMatch(
      /256 bytes; iptables keeps at most 255/,
    );
    expect(check4('-j LOG --log-prefix "this prefix is far too long here: " --log-level 9')).toHaveLength(2);
    expect(check6('-p icmp -j ACCEPT')[0]).toMatch(/never matches IPv6/);
    expect(check4('-A INPUT -j ACCEPT')[0]).toMatch(/-A is a command/);
  });
});

describe('rule form', () => {
  it('builds arguments from fields, with negation, multiport, state, ICMP and target options', () => {
    const args = formToArgs(
      {
        ...EMPTY_FORM,
        protocol: 'tcp',
        source: '!10.0.0.0/8',
        destinationPort: '80,443',
        state: 'new',
        comment: 'web in',
        target: 'LOG',
        logPrefix: 'web: ',
        logLevel: 'info',
      },
      'ipv4',
    );
    expect(args).toEqual([
      '!',
      '-s',
      '10.0.0.0/8',
      '-p',
      'tcp',
      '-m',
      'multiport',
      '--dports',
      '80,443',
      '-m',
      'conntrack',
      '--ctstate',
      'NEW',
      '-m',
      'comment',
      '--comment',
      'web in',
      '-j',
      'LOG',
      '--log-prefix',
      'web: ',
      '--log-level',
      'info',
    ]);
    expect(formToArgs({ ...EMPTY_FORM, protocol: 'ipv6-icmp', icmpType: 'echo-request' }, 'ipv6')).toEqual([
      '-p',
      'ipv6-icmp',
      '-m',
      'icmp6',
      '--icmpv6-type',
      'echo-request',
      '-j',
      'ACCEPT',
    ]);
  });

  it('keeps every word of every fixture rule through form and back', () => {
    for (const f of loadFixtures({ generated: true })) {
      const ruleset = parseSave(f.save, { family: f.family });
      for (const table of ruleset.tables) {
        for (const chain of table.chains) {
          for (const rule of chain.rules) {
            const again = formToArgs(argsToForm(rule.args), f.family);
            // Same addresses, target and matches; the form may list the matches it has fields for first.
            const norm = (a: readonly string[]) => {
              const v = parseRuleView(a);
              return JSON.stringify({ ...v, matches: v.matches.map((m) => JSON.stringify(m)).sort() });
            };
            expect([...again].sort(), `${f.name}: ${rule.spec}`).toEqual([...rule.args].sort());
            expect(norm(again), rule.spec).toBe(norm(rule.args));
          }
        }
      }
    }
  });
});
