import { describe, expect, it } from 'vitest';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { neverHitRules, shadowedRules } from '../../../../src/domain/analysis/shadow.js';

const chain = (rules: string[]) =>
  parseSave(
    [
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ...rules.map((r) => `-A INPUT ${r}`),
      'COMMIT',
      '',
    ].join('\n'),
  ).tables[0]!.chains[0]!;
const shadowed = (rules: string[]) =>
  Object.fromEntries([...shadowedRules(chain(rules))].map(([j, i]) => [j + 1, i + 1]));

describe('shadowed rules', () => {
  it('a DROP for everything above an ACCEPT 80 shadows it', () => {
    expect(shadowed(['-j DROP', '-p tcp -m tcp --dport 80 -j ACCEPT'])).toEqual({ 2: 1 });
  });

  it('wider networks, port ranges, multiport, state sets and interface wildcards cover narrower ones', () => {
    expect(
      shadowed(['-s 10.0.0.0/8 -j DROP', '-s 10.1.0.0/16 -p tcp -j ACCEPT', '-s 192.168.0.0/16 -j ACCEPT']),
    ).toEqual({ 2: 1 });
    expect(
      shadowed([
        '-p tcp -m tcp --dport 1:1024 -j REJECT',
        '-p tcp -m multiport --dports 22,80 -j ACCEPT',
        '-p tcp -m tcp --dport 8080 -j ACCEPT',
      ]),
    ).toEqual({ 2: 1 });
    expect(
      shadowed([
        '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        '-m state --state ESTABLISHED -j DROP',
        '-m conntrack --ctstate NEW -j DROP',
      ]),
    ).toEqual({ 2: 1 });
    expect(shadowed(['-i eth+ -j DROP', '-i eth0 -p udp -j ACCEPT', '-i wlan0 -j ACCEPT'])).toEqual({ 2: 1 });
    expect(shadowed(['-p tcp -j RETURN', '-p tcp -m tcp --syn -j ACCEPT', '-p udp -j ACCEPT'])).toEqual({ 2: 1 });
  });

  it('is conservative: rate limits, non-ending targets, jumps, negations and other protocols do not shadow', () => {
    expect(shadowed(['-m limit --limit 1/s -j DROP', '-p tcp -j ACCEPT'])).toEqual({});
    expect(shadowed(['-j LOG', '-p tcp -j ACCEPT'])).toEqual({});
    expect(shadowed(['-p udp -j DROP', '-p tcp -j ACCEPT'])).toEqual({});
    expect(shadowed(['! -s 10.0.0.0/8 -j DROP', '-s 192.168.0.1/32 -j ACCEPT'])).toEqual({});
    expect(shadowed(['-p tcp -m tcp --dport 22 -j DROP', '-p tcp -m tcp --dport 20:30 -j ACCEPT'])).toEqual({});
    expect(shadowed(['-m recent --rcheck -j DROP', '-j ACCEPT'])).toEqual({});
  });

  it('never-hit rules are those whose counters are still zero', () => {
    const c = parseSave(
      '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT ' +
        '[0:0]\n[5:300] -A INPUT -j LOG\n[0:0] -A INPUT -p udp -j DROP\nCOMMIT\n',
    ).tables[0]!.chains[0]!;
    expect(neverHitRules(c)).toEqual([1]);
  });
});
