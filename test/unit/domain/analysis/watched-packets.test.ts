import { describe, expect, it } from 'vitest';
import { PacketCollector, type WatchedPacket } from '../../../../src/domain/analysis/watched-packets.js';
import { parseTraceLine, type TraceLine } from '../../../../src/domain/text/trace-events.js';

// Captured from xtables-monitor -t (iptables 1.8.9, kernel 6.18) in a namespace: one HTTP connection. The kernel
// reused trace id 0ee1987b for the SYN (IP ID 40290) and for the request (IP ID 40292); 6c3c7f4f for two ACKs.
const HEAD = 'IN=fxs MACSRC=de:fc:bb:45:9f:e5 MACDST=42:a7:a0:fe:1d:29 MACPROTO=0800 SRC=10.78.0.2 DST=10.78.0.1';
const packet = (id: string, len: number, ipId: number, flags: string) =>
  `PACKET: 2 ${id} ${HEAD} LEN=${len} TOS=0x0 TTL=64 ID=${ipId} DF SPORT=34082 DPORT=80 ${flags} `;
const raw = (id: string) => [
  ` TRACE: 2 ${id} raw:PREROUTING:rule:0x2:CONTINUE  -4 -t raw -A PREROUTING -p tcp -m tcp --dport 80 -j TRACE`,
  ` TRACE: 2 ${id} raw:PREROUTING:policy:ACCEPT `,
];
const filter = (id: string, handle: string, rule: string) => [
  ` TRACE: 2 ${id} filter:INPUT:rule:${handle}:ACCEPT  -4 -t filter -A INPUT ${rule}`,
];
const NEW = '-p tcp -m tcp --dport 80 -j ACCEPT';
const EST = '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT';
const hop = (id: string, len: number, ipId: number, flags: string, handle: string, rule: string) => [
  packet(id, len, ipId, flags),
  ...raw(id),
  packet(id, len, ipId, flags),
  ...filter(id, handle, rule),
];

const collect = (text: string[]): WatchedPacket[] => {
  const c = new PacketCollector(null, 300);
  for (const l of text.map(parseTraceLine)) if (l) c.add(l as TraceLine, 0);
  return [...c.due(0), ...c.flush()];
};
const summary = (p: WatchedPacket) =>
  `${p.id} ID=${p.fields.ID} ${['SYN', 'ACK', 'PSH', 'FIN'].filter((f) => f in p.fields).join(',')} ` +
  p.steps.map((s) => `${s.table}:${s.chain}:${s.verdict}`).join(' ');

describe('PacketCollector: a trace id the kernel reuses within a connection', () => {
  it('splits packets of one id by IP ID, length or flags: each keeps its own steps and fate', () => {
    const got = collect([
      ...hop('0ee1987b', 60, 40290, 'SYN', '0x8', NEW),
      ...hop('d56594b8', 52, 40291, 'ACK', '0x5', EST),
      ...hop('0ee1987b', 125, 40292, 'ACK PSH', '0x5', EST),
      ...hop('6c3c7f4f', 52, 40293, 'ACK', '0x5', EST),
      ...hop('6c3c7f4f', 52, 40294, 'ACK', '0x5', EST),
    ]).map(summary);
    const way = (v: string) => `raw:PREROUTING:CONTINUE raw:PREROUTING:ACCEPT filter:INPUT:${v}`;
    expect(got.sort()).toEqual(
      [
        `0ee1987b ID=40290 SYN ${way('ACCEPT')}`,
        `0ee1987b ID=40292 ACK,PSH ${way('ACCEPT')}`,
        `6c3c7f4f ID=40293 ACK ${way('ACCEPT')}`,
        `6c3c7f4f ID=40294 ACK ${way('ACCEPT')}`,
        `d56594b8 ID=40291 ACK ${way('ACCEPT')}`,
      ].sort(),
    );
  });

  it('hands the packets out in the order they came, also when an id comes back (second tryout)', () => {
    const c = new PacketCollector(null, 300);
    const feed = (lines: string[], at: number) => {
      for (const l of lines.map(parseTraceLine)) if (l) c.add(l as TraceLine, at);
    };
    feed(hop('0ee1987b', 60, 40290, 'SYN', '0x8', NEW), 0);
    feed(hop('d56594b8', 52, 40291, 'ACK', '0x5', EST), 10);
    feed(hop('0ee1987b', 125, 40292, 'ACK PSH', '0x5', EST), 20);
    // The SYN is complete (its id was taken over); the ACK before the request is not quiet yet: nothing jumps it.
    expect(c.due(200).map((p) => p.fields.ID)).toEqual(['40290']);
    expect(c.due(400).map((p) => p.fields.ID)).toEqual(['40291', '40292']);
    feed(hop('6c3c7f4f', 52, 40293, 'ACK', '0x5', EST), 500);
    feed(hop('0ee1987b', 52, 40294, 'ACK FIN', '0x5', EST), 510);
    expect(c.flush().map((p) => p.fields.ID)).toEqual(['40293', '40294']);
  });

  it('splits identical packet lines (IPv6 has no IP ID) when the trace restarts at the first hook', () => {
    const line = (id: string) =>
      `PACKET: 10 ${id} IN=fxs SRC=fd00::2 DST=fd00::1 LEN=72 TC=0 HOPLIMIT=64 FLOWLBL=1 SPORT=1 DPORT=80 ACK `;
    const six = (id: string) => [
      line(id),
      ` TRACE: 10 ${id} raw:PREROUTING:rule:0x2:CONTINUE  -6 -t raw -A PREROUTING -p tcp -m tcp --dport 80 -j TRACE`,
      ` TRACE: 10 ${id} raw:PREROUTING:policy:ACCEPT `,
      line(id),
      ` TRACE: 10 ${id} filter:INPUT:policy:ACCEPT `,
    ];
    const got = collect([...six('aa'), ...six('aa')]);
    expect(got.map((p) => p.steps.length)).toEqual([3, 3]);
  });

  it('keeps one packet whole over its hooks (a forwarded packet gains OUT=, the same IP ID)', () => {
    const fwd = (extra: string) =>
      `PACKET: 2 bb IN=a ${extra}SRC=10.0.0.2 DST=10.1.0.2 LEN=60 TOS=0x0 TTL=64 ID=7 DF SPORT=1 DPORT=80 SYN `;
    const got = collect([
      fwd(''),
      ' TRACE: 2 bb raw:PREROUTING:rule:0x2:CONTINUE  -4 -t raw -A PREROUTING -p tcp -m tcp --dport 80 -j TRACE',
      ' TRACE: 2 bb raw:PREROUTING:policy:ACCEPT ',
      fwd('OUT=b '),
      ' TRACE: 2 bb filter:FORWARD:policy:ACCEPT ',
    ]);
    expect(got).toHaveLength(1);
    expect(got[0]!.steps).toHaveLength(3);
    expect(got[0]!.fields.OUT).toBe('b');
  });
});
