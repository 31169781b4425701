/**
 * LOG lines as dmesg prints them. The shapes follow the kernel's nf_log_syslog.c (IPv4: dump_ipv4_packet, IPv6:
 * dump_ipv6_packet): PREFIX, then `IN=… OUT=… `, MAC= when the packet came in on Ethernet, then the packet's words;
 * an ICMP error carries its inner packet in `[…]`.
 */
import { describe, expect, it } from 'vitest';
import { DmesgReader, parseDmesgLine } from '../../../../src/domain/text/kernel-log-lines.js';

const V4_SYN =
  'kern  :warn  : 2026-11-30T17:16:50,022867+00:00 ssh-in: IN=veth0 OUT= ' +
  'MAC=5a:1e:7c:00:11:22:6e:2b:00:33:44:55:08:00 SRC=10.79.0.2 DST=10.79.0.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ' +
  'ID=4242 DF PROTO=TCP SPT=40001 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0 ';
const V6_ICMP =
  'kern  :info  : 2026-11-30T17:16:51,500000+00:00 v6-drop IN=eth0 OUT= ' +
  'MAC=33:33:00:00:00:01:aa:bb:cc:dd:ee:ff:86:dd ' +
  'SRC=fe80:0000:0000:0000:a8bb:ccff:fedd:eeff DST=ff02:0000:0000:0000:0000:0000:0000:0001 LEN=72 TC=0 HOPLIMIT=1 ' +
  'FLOWLBL=0 PROTO=ICMPv6 TYPE=130 CODE=0 ';
const V4_ICMP_ERROR =
  'kern  :warn  : 2026-11-30T17:16:52,000001+00:00 out-rej IN= OUT=eth0 SRC=10.0.0.1 DST=10.0.0.9 LEN=88 TOS=0x00 ' +
  'PREC=0xC0 TTL=64 ID=1 PROTO=ICMP TYPE=3 CODE=3 [SRC=10.0.0.9 DST=10.0.0.1 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=7 ' +
  'PROTO=UDP SPT=5353 DPT=53 LEN=40 ] ';

describe('parseDmesgLine', () => {
  it('reads an IPv4 TCP line: prefix, level, time, interfaces, addresses, ports', () => {
    expect(parseDmesgLine(V4_SYN)).toEqual({
      via: 'kernel-log',
      family: 'ipv4',
      prefix: 'ssh-in: ',
      level: 4,
      group: null,
      fromKernel: true,
      time: Date.parse('2026-11-30T17:16:50.022Z'),
      in: 'veth0',
      out: null,
      src: '10.79.0.2',
      dst: '10.79.0.1',
      proto: 'TCP',
      spt: 40001,
      dpt: 22,
    });
  });

  it('reads an IPv6 line (level info, a prefix without a trailing space)', () => {
    const hit = parseDmesgLine(V6_ICMP)!;
    expect(hit).toMatchObject({ family: 'ipv6', prefix: 'v6-drop ', level: 6, proto: 'ICMPv6', spt: null, in: 'eth0' });
    expect(hit.src).toBe('fe80:0000:0000:0000:a8bb:ccff:fedd:eeff');
  });

  it("takes the outer packet's words, not those of an ICMP error's inner packet", () => {
    expect(parseDmesgLine(V4_ICMP_ERROR)).toMatchObject({
      in: null,
      out: 'eth0',
      src: '10.0.0.1',
      dst: '10.0.0.9',
      proto: 'ICMP',
      spt: null,
      dpt: null,
    });
  });

  it('marks a line a program wrote to /dev/kmsg (facility user) as not from the kernel', () => {
    expect(parseDmesgLine(V4_SYN.replace('kern  :warn ', 'user  :warn '))?.fromKernel).toBe(false);
  });

  it('keeps a prefix that runs into IN= and reads no line without a packet', () => {
    expect(parseDmesgLine(V4_SYN.replace('ssh-in: ', 'fw-MAIN'))?.prefix).toBe('fw-MAIN');
    expect(parseDmesgLine('kern  :info  : 2026-11-30T17:16:50,022867+00:00 eth0: link up')).toBeNull();
    expect(parseDmesgLine('garbage')).toBeNull();
  });
});

describe('DmesgReader', () => {
  it('reads lines split anywhere, and a last line without its newline at the end', () => {
    const text = `${V4_SYN}\n${V6_ICMP}\nkern  :info  : 2026-11-30T17:16:50,1+00:00 other\n${V4_ICMP_ERROR}`;
    const reader = new DmesgReader();
    const hits = [];
    for (let at = 0; at < text.length; at += 7) hits.push(...reader.feed(text.slice(at, at + 7)));
    expect(hits.map((h) => h.prefix)).toEqual(['ssh-in: ', 'v6-drop ']);
    expect(reader.end().map((h) => h.prefix)).toEqual(['out-rej ']);
  });

  it('keeps no endless line: past 64 KiB without a newline it is dropped, and the next line reads (review)', () => {
    const reader = new DmesgReader();
    for (let i = 0; i < 70; i++) reader.feed('x'.repeat(1024));
    expect((reader as unknown as { rest: string }).rest.length).toBeLessThanOrEqual(64 * 1024);
    expect(reader.feed(`\n${V4_SYN}\n`).map((h) => h.prefix)).toEqual(['ssh-in: ']);
    expect(reader.end()).toEqual([]);
  });
});
