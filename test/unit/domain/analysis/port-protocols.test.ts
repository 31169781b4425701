import { describe, expect, it } from 'vitest';
import { connectionFilter } from '../../../../src/domain/analysis/connection-filter.js';
import { parsePacketSpec } from '../../../../src/domain/analysis/packet-spec.js';

// Each says what it accepts: watch and trace build iptables matches (-m tcp/udp/sctp/dccp; iptables 1.8.9 has no
// -m udplite, measured), connections filters conntrack entries (which keep ports for udplite too).
describe('--dport: which protocols each accepts, and each message says exactly those', () => {
  it('trace and watch: tcp, udp, sctp, dccp', () => {
    for (const p of ['tcp', 'udp', 'sctp', 'dccp'])
      expect(parsePacketSpec(['-p', p, '--dport', '5']).destinationPort).toBe(5);
    expect(() => parsePacketSpec(['-p', 'udplite', '--dport', '5'])).toThrow(
      "--dport needs -p tcp, udp, sctp or dccp (iptables matches no other protocol's ports)",
    );
  });

  it('connections: tcp, udp, udplite, sctp, dccp', () => {
    for (const p of ['tcp', 'udp', 'udplite', 'sctp', 'dccp'])
      expect(() => connectionFilter(['-p', p, '--dport', '5'])).not.toThrow();
    expect(() => connectionFilter(['-p', 'icmp', '--dport', '5'])).toThrow(
      '--dport needs -p tcp, udp, udplite, sctp or dccp first (the protocols conntrack keeps ports for)',
    );
  });
});
