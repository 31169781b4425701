import { describe, expect, it } from 'vitest';
import { tracePacket } from '../../../../src/domain/analysis/evaluate.js';
import { isLocalAddress, parseAddressLines } from '../../../../src/domain/analysis/local-addresses.js';
import { parsePacketSpec } from '../../../../src/domain/analysis/packet-spec.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { verdictLine } from '../../../../src/domain/analysis/trace-report.js';

const IP_ADDR = [
  '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
  '1: lo    inet6 ::1/128 scope host noprefixroute \\       valid_lft forever preferred_lft forever',
  '2: eth0    inet 10.1.1.1/24 brd 10.1.1.255 scope global eth0\\       valid_lft forever preferred_lft forever',
  '3: docker0    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\\       valid_lft forever',
  '4: tun0    inet 10.8.0.1 peer 10.8.0.2/32 scope global tun0\\       valid_lft forever preferred_lft forever',
  '2: eth0    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever',
].join('\n');

describe("the namespace's own addresses", () => {
  const locals = parseAddressLines(IP_ADDR);

  it('reads `ip -o addr show`: v4 and v6, per interface, a peer address without prefix', () => {
    expect(locals).toContainEqual({ iface: 'eth0', address: '10.1.1.1', prefix: 24 });
    expect(locals).toContainEqual({ iface: 'eth0', address: 'fe80::1', prefix: 64 });
    expect(locals).toContainEqual({ iface: 'tun0', address: '10.8.0.1', prefix: 32 });
    expect(locals).toHaveLength(6);
  });

  it('an address is local when an interface has it, or inside a loopback prefix; not its neighbours', () => {
    expect(isLocalAddress(locals, '10.1.1.1')).toBe(true);
    expect(isLocalAddress(locals, '127.0.0.53')).toBe(true);
    expect(isLocalAddress(locals, '10.1.1.5')).toBe(false);
    expect(isLocalAddress(locals, '10.1.1.255')).toBe(false);
    expect(isLocalAddress(locals, '10.8.0.2')).toBe(false);
    expect(isLocalAddress(locals, 'fe80::1')).toBe(true);
    expect(isLocalAddress(locals, 'fe80::2')).toBe(false);
    // The whole prefix of lo is local for IPv4 only; an IPv6 prefix on lo makes only its own address local.
    const v6lo = parseAddressLines('1: lo    inet6 fd00::1/64 scope global \\       valid_lft forever');
    expect(isLocalAddress(v6lo, 'fd00::1')).toBe(true);
    expect(isLocalAddress(v6lo, 'fd00::5')).toBe(false);
  });

  it('-m addrtype --dst-type LOCAL is decided with them, and unknown without them', () => {
    const text = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      '-A PREROUTING -m addrtype --dst-type LOCAL -j DROP',
      'COMMIT',
      '',
    ].join('\n');
    const rules = parseSave(text, { family: 'ipv4' });
    const pkt = (d: string, dir: string) =>
      parsePacketSpec(['-p', 'tcp', '-s', '10.1.1.5', '-d', d, '--direction', dir]);
    const known = { ...rules, localAddresses: locals };
    expect(verdictLine(tracePacket(known, pkt('172.17.0.5', 'forward')))).toBe(
      'ACCEPT by the policy of nat POSTROUTING (ACCEPT)',
    );
    expect(verdictLine(tracePacket(known, pkt('172.17.0.1', 'forward')))).toBe('DROP by nat PREROUTING rule 1');
    expect(verdictLine(tracePacket(rules, pkt('172.17.0.5', 'forward')))).toContain(
      'which addresses are local is not known',
    );
  });
});
