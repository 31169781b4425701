/** Which tracked connections a rule's own matches hold for: certain, "maybe" with why, or not. */
import { describe, expect, it } from 'vitest';
import { connectionsThrough, ruleHoldsFor } from '../../../../src/domain/analysis/connection-match.js';
import { parseRuleView } from '../../../../src/domain/model/rule-view.js';
import { splitArgs } from '../../../../src/domain/text/quoting.js';
import { parseConntrack } from '../../../../src/domain/text/conntrack-entries.js';

const TABLE = parseConntrack(`ipv4 2 tcp 6 431999 ESTABLISHED src=10.78.0.2 dst=10.78.0.1 sport=36652 dport=22 \
src=10.78.0.1 dst=10.78.0.2 sport=22 dport=36652 [ASSURED] mark=0 use=1
ipv4 2 tcp 6 431999 ESTABLISHED src=10.78.0.2 dst=10.78.0.1 sport=36653 dport=80 \
src=10.78.0.1 dst=10.78.0.2 sport=80 dport=36653 [ASSURED] mark=0 use=1
ipv4 2 udp 17 29 src=10.78.0.2 dst=10.78.0.1 sport=40000 dport=22 [UNREPLIED] \
src=10.78.0.1 dst=10.78.0.2 sport=22 dport=40000 mark=0 use=1
ipv6 10 tcp 6 300 ESTABLISHED src=fd77::2 dst=fd77::1 sport=40100 dport=22 \
src=fd77::1 dst=fd77::2 sport=22 dport=40100 [ASSURED] mark=0 use=1
`).entries;
const [ssh, web, udp] = TABLE as [never, never, never];
const view = (spec: string) => parseRuleView(splitArgs(spec));
const INPUT = { family: 'ipv4', table: 'filter', chain: 'INPUT' } as const;

describe('connections through a rule', () => {
  it('an ACCEPT for tcp port 22 holds for the SSH connection only, of its own family', () => {
    const r = connectionsThrough(view('-p tcp -m tcp --dport 22 -j ACCEPT'), INPUT, TABLE);
    expect(r.through).toEqual([ssh]);
    expect(r.maybe).toEqual([]);
    expect(r.others).toBe(2);
  });

  it('-s and -d are compared with the original tuple', () => {
    expect(ruleHoldsFor(view('-s 10.78.0.0/24 -d 10.78.0.1/32 -j ACCEPT'), INPUT, ssh)).toBe(true);
    expect(ruleHoldsFor(view('-s 10.99.0.0/24 -j ACCEPT'), INPUT, ssh)).toBe(false);
    expect(ruleHoldsFor(view('-p udp -m udp --sport 40000 -j ACCEPT'), INPUT, udp)).toBe(true);
  });

  it('--ctstate NEW holds (the first packet); ESTABLISHED once a reply was seen, not when unreplied', () => {
    expect(ruleHoldsFor(view('-p tcp -m conntrack --ctstate NEW -m tcp --dport 22 -j ACCEPT'), INPUT, ssh)).toBe(true);
    const established = view('-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
    expect(ruleHoldsFor(established, INPUT, web)).toBe(true);
    expect(ruleHoldsFor(established, INPUT, udp)).toBe(false);
  });

  it('what conntrack does not know makes a "maybe" with why: the incoming interface, a rate limit', () => {
    const r = connectionsThrough(view('-i eth0 -p tcp -m tcp --dport 22 -j ACCEPT'), INPUT, TABLE);
    expect(r.through).toEqual([]);
    expect(r.maybe).toEqual([{ entry: ssh, why: expect.stringContaining('-i eth0') }]);
    expect(ruleHoldsFor(view('-p tcp -m limit --limit 3/min -j ACCEPT'), INPUT, ssh)).toMatch(/limit/);
    // In INPUT, packets have no outgoing interface: -o never holds there.
    expect(ruleHoldsFor(view('-o eth0 -j ACCEPT'), INPUT, ssh)).toBe(false);
  });

  it('a DNAT connection: nat PREROUTING sees the original side, filter FORWARD the translated one: certain', () => {
    const [dnat] = parseConntrack(`ipv4 2 tcp 6 100 ESTABLISHED src=10.0.0.2 dst=10.0.0.1 sport=5000 dport=80 \
src=192.168.1.5 dst=10.0.0.2 sport=8080 dport=5000 [ASSURED] mark=0 use=1`).entries;
    const fwd = { family: 'ipv4', table: 'filter', chain: 'FORWARD' } as const;
    const pre = { family: 'ipv4', table: 'nat', chain: 'PREROUTING' } as const;
    expect(ruleHoldsFor(view('-p tcp -m tcp --dport 8080 -j ACCEPT'), fwd, dnat!)).toBe(true);
    expect(ruleHoldsFor(view('-d 192.168.1.5/32 -p tcp -m tcp --dport 8080 -j ACCEPT'), fwd, dnat!)).toBe(true);
    expect(ruleHoldsFor(view('-p tcp -m tcp --dport 80 -j ACCEPT'), fwd, dnat!)).toBe(false);
    expect(ruleHoldsFor(view('-p tcp -m tcp --dport 80 -j DNAT --to-destination 192.168.1.5:8080'), pre, dnat!)).toBe(
      true,
    );
    expect(ruleHoldsFor(view('-p tcp -m tcp --dport 8080 -j DNAT --to-destination 1.2.3.4'), pre, dnat!)).toBe(false);
    expect(ruleHoldsFor(view('-s 10.0.0.2/32 -j ACCEPT'), fwd, dnat!)).toBe(true);
    expect(ruleHoldsFor(view('-p udp -j ACCEPT'), fwd, dnat!)).toBe(false);
    // Docker's DOCKER-USER guidance: the original port, whichever side of the translation is asked.
    expect(ruleHoldsFor(view('-p tcp -m conntrack --ctorigdstport 80 -j DROP'), fwd, dnat!)).toBe(true);
    // Not for its first packet; for later ones the shared matcher does not decide conntrack options (a maybe).
    expect(ruleHoldsFor(view('-p tcp -m conntrack --ctorigdstport 8080 -j DROP'), fwd, dnat!)).toMatch(/ctorigdstport/);
    // A REDIRECT (2222 → 22): filter INPUT sees port 22.
    const [redirect] = parseConntrack(`ipv4 2 tcp 6 100 ESTABLISHED src=10.0.0.2 dst=10.0.0.1 sport=5001 dport=2222 \
src=10.0.0.1 dst=10.0.0.2 sport=22 dport=5001 [ASSURED] mark=0 use=1`).entries;
    expect(ruleHoldsFor(view('-p tcp -m tcp --dport 22 -j ACCEPT'), INPUT, redirect!)).toBe(true);
  });

  it('a chain of unknown side (a nat chain of its own) asks both: one only is a maybe that says NAT', () => {
    const [dnat] = parseConntrack(`ipv4 2 tcp 6 100 ESTABLISHED src=10.0.0.2 dst=10.0.0.1 sport=5000 dport=80 \
src=192.168.1.5 dst=10.0.0.2 sport=8080 dport=5000 [ASSURED] mark=0 use=1`).entries;
    const own = { family: 'ipv4', table: 'nat', chain: 'DOCKER' } as const;
    expect(ruleHoldsFor(view('-p tcp -m tcp --dport 8080 -j ACCEPT'), own, dnat!)).toMatch(/NAT/);
    expect(ruleHoldsFor(view('-p tcp -j ACCEPT'), own, dnat!)).toBe(true);
    // Without a rule (fwtui connections): either side picks it, for certain.
    const any = { family: 'ipv4', table: 'filter', chain: '', side: 'either' } as const;
    expect(ruleHoldsFor(view('-p tcp -m tcp --dport 8080'), any, dnat!)).toBe(true);
    expect(ruleHoldsFor(view('-p tcp -m tcp --dport 80'), any, dnat!)).toBe(true);
    expect(ruleHoldsFor(view('-p tcp -m tcp --dport 81'), any, dnat!)).toBe(false);
  });

  it('the IPv6 entry for an IPv6 rule', () => {
    const v6 = { family: 'ipv6', table: 'filter', chain: 'INPUT' } as const;
    const r = connectionsThrough(view('-p tcp -m tcp --dport 22 -j ACCEPT'), v6, TABLE);
    expect(r.through.map((e) => e.original.source)).toEqual(['fd77::2']);
  });
});
