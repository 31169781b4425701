/**
 * NFLOG pcap streams captured on this machine with `tcpdump -i nflog:N -U -w -` (Linux 6.18, tcpdump 4.99):
 * ipv4: `-j NFLOG --nflog-prefix h20-nflog --nflog-group 5` on ping 127.0.0.1 (2 requests, 2 replies);
 * ipv6: `-p tcp --dport 22 -j NFLOG --nflog-prefix v6-ssh --nflog-group 9` on a connect to [::1]:22.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NflogPcapReader, NflogStreamError, nflogHit } from '../../../../src/domain/text/nflog-pcap.js';

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, '..', '..', '..', 'fixtures', name)).toString('latin1');

describe('NflogPcapReader', () => {
  it('reads the IPv4 capture: group, prefix, interfaces, addresses (pieces split anywhere)', () => {
    const data = fixture('nflog-ipv4-icmp-group5.pcap');
    const reader = new NflogPcapReader();
    const records = [];
    for (let at = 0; at < data.length; at += 13) records.push(...reader.feed(data.slice(at, at + 13)));
    expect(records).toHaveLength(4);
    expect(records[0]).toMatchObject({ family: 'ipv4', group: 5, prefix: 'h20-nflog', inIndex: 1, outIndex: null });
    const hit = nflogHit(records[0]!, (i) => (i === 1 ? 'lo' : null));
    expect(hit).toMatchObject({
      via: 'nflog',
      family: 'ipv4',
      prefix: 'h20-nflog',
      group: 5,
      level: null,
      in: 'lo',
      out: null,
      src: '127.0.0.1',
      dst: '127.0.0.1',
      proto: 'ICMP',
      spt: null,
      dpt: null,
      fromKernel: true,
    });
    expect(hit.time).toBeGreaterThan(Date.parse('2026-01-01'));
    expect(records[1]!.time).toBeGreaterThanOrEqual(records[0]!.time);
  });

  it('reads the IPv6 capture: compressed addresses, TCP ports; an unknown interface index is said as if#N', () => {
    const [record] = new NflogPcapReader().feed(fixture('nflog-ipv6-tcp-group9.pcap'));
    expect(nflogHit(record!, () => null)).toMatchObject({
      family: 'ipv6',
      group: 9,
      prefix: 'v6-ssh',
      in: 'if#1',
      src: '::1',
      dst: '::1',
      proto: 'TCP',
      dpt: 22,
    });
  });

  it('refuses a record longer than the capture allows instead of holding all that follows (review)', () => {
    const head = fixture('nflog-ipv4-icmp-group5.pcap').slice(0, 24);
    const little = head.charCodeAt(0) === 0xd4;
    const u32 = (n: number) => {
      const bytes = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
      return String.fromCharCode(...(little ? bytes.reverse() : bytes));
    };
    const reader = new NflogPcapReader();
    expect(() => reader.feed(head + u32(0) + u32(0) + u32(0xffffffff) + u32(0xffffffff))).toThrow(NflogStreamError);
  });

  it('refuses a stream that is not NFLOG pcap', () => {
    expect(() => new NflogPcapReader().feed('x'.repeat(24))).toThrow(NflogStreamError);
    const ethernet = fixture('nflog-ipv4-icmp-group5.pcap').slice(0, 24).replace('\u00ef', '\u0001');
    expect(() => new NflogPcapReader().feed(ethernet)).toThrow(/link type 1, not NFLOG/);
  });
});
