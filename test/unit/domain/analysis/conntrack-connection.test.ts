/**
 * `-m conntrack` for a later packet (ESTABLISHED): decided from the connection's facts when the packet
 * carries them (a reply fwtui built from the first packet), left uncertain when it does not.
 */
import { describe, expect, it } from 'vitest';
import { conntrackMatch } from '../../../../src/domain/analysis/conntrack-match.js';
import type { ConnectionFacts, Packet } from '../../../../src/domain/analysis/packet.js';
import { replyPacket } from '../../../../src/domain/analysis/reply-packet.js';
import { parseRuleView } from '../../../../src/domain/model/rule-view.js';
import { splitArgs } from '../../../../src/domain/text/quoting.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { tracePacket } from '../../../../src/domain/analysis/evaluate.js';
import { parsePacketSpec } from '../../../../src/domain/analysis/packet-spec.js';

const ct = (spec: string) => parseRuleView(splitArgs(`${spec} -j DROP`)).matches.find((m) => m.name !== 'tcp')!;

/** A connection from the internet to 198.51.100.1:8444, DNAT'd to the container 172.17.0.2:443. */
const arrived: Packet = {
  family: 'ipv4',
  direction: 'forward',
  protocol: 6,
  source: '203.0.113.50',
  destination: '172.17.0.2',
  sourcePort: 40000,
  destinationPort: 443,
  inInterface: 'eth0',
  outInterface: 'docker0',
  icmpType: null,
  icmpCode: null,
  state: 'NEW',
  tcpFlags: null,
  originalDestination: '198.51.100.1',
  originalDestinationPort: 8444,
};
const reply = replyPacket(arrived);

describe('conntrack matches on a reply that carries its connection', () => {
  it('the reply goes back: from the container to the internet, forwarded from docker0 out of eth0', () => {
    expect(reply).toMatchObject({
      direction: 'forward',
      state: 'ESTABLISHED',
      source: '172.17.0.2',
      sourcePort: 443,
      destination: '203.0.113.50',
      destinationPort: 40000,
      inInterface: 'docker0',
      outInterface: 'eth0',
    });
  });

  it('--ctorigdstport and --ctorigdst are the address the internet sent to, before the DNAT', () => {
    expect(conntrackMatch(ct('-m conntrack --ctorigdstport 8444'), reply)).toBe(true);
    expect(conntrackMatch(ct('-m conntrack --ctorigdstport 443'), reply)).toBe(false);
    expect(conntrackMatch(ct('-m conntrack --ctorigdst 198.51.100.1'), reply)).toBe(true);
    expect(conntrackMatch(ct('-m conntrack --ctorigsrc 203.0.113.0/24'), reply)).toBe(true);
    expect(conntrackMatch(ct('-m conntrack --ctorigsrcport 40000'), reply)).toBe(true);
  });

  it('the reply tuple: from the container, to the internet host', () => {
    expect(conntrackMatch(ct('-m conntrack --ctreplsrc 172.17.0.2'), reply)).toBe(true);
    expect(conntrackMatch(ct('-m conntrack --ctrepldst 172.17.0.2'), reply)).toBe(false);
    expect(conntrackMatch(ct('-m conntrack --ctreplsrcport 443'), reply)).toBe(true);
    expect(conntrackMatch(ct('-m conntrack --ctrepldstport 40000'), reply)).toBe(true);
  });

  it('--ctdir: REPLY matches, ORIGINAL does not; --ctstate DNAT holds, SNAT does not', () => {
    expect(conntrackMatch(ct('-m conntrack --ctdir REPLY'), reply)).toBe(true);
    expect(conntrackMatch(ct('-m conntrack --ctdir ORIGINAL'), reply)).toBe(false);
    expect(conntrackMatch(ct('-m conntrack --ctstate DNAT'), reply)).toBe(true);
    expect(conntrackMatch(ct('-m conntrack --ctstate SNAT'), reply)).toBe(false);
    expect(conntrackMatch(ct('-m conntrack ! --ctstate DNAT'), reply)).toBe(false);
  });

  it('without the connection facts the same matches stay uncertain', () => {
    const { connection: _, ...bare } = reply;
    for (const spec of ['--ctorigdstport 8444', '--ctdir REPLY', '--ctreplsrc 172.17.0.2', '--ctstate DNAT'])
      expect(typeof conntrackMatch(ct(`-m conntrack ${spec}`), bare)).toBe('string');
  });

  it('a SNAT not known on the connection leaves --ctstate SNAT uncertain', () => {
    const facts: ConnectionFacts = { ...reply.connection!, dnat: false, snat: null };
    expect(typeof conntrackMatch(ct('-m conntrack --ctstate SNAT'), { ...reply, connection: facts })).toBe('string');
  });
});

describe('fwtui trace of a reply given as --state ESTABLISHED (no way to give the original tuple)', () => {
  it('a DOCKER-USER drop on --ctorigdstport is named as the uncertain match, never claimed certain', () => {
    const rules = parseSave(
      [
        '*filter',
        ':INPUT ACCEPT [0:0]',
        ':FORWARD DROP [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        ':DOCKER-USER - [0:0]',
        '-A FORWARD -j DOCKER-USER',
        '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        '-A DOCKER-USER ! -s 100.64.7.0/24 -p tcp -m conntrack --ctorigdstport 8444 -j DROP',
        'COMMIT',
        '',
      ].join('\n'),
    );
    const spec =
      '-p tcp -s 172.17.0.2 --sport 443 -d 203.0.113.50 --dport 40000 -i docker0 -o eth0 --state ESTABLISHED';
    const t = tracePacket(rules, parsePacketSpec([...spec.split(' '), '--direction', 'forward']));
    expect(t.verdict).toBeNull();
    expect(t.possible).toEqual(['ACCEPT', 'DROP']);
    expect(t.uncertainAt?.why).toContain('--ctorigdstport 8444');
  });
});
