import { describe, expect, it } from 'vitest';
import { parseTraceLine, TraceLineReader } from '../../../../src/domain/text/trace-events.js';
import { outcomeOf, PacketCollector } from '../../../../src/domain/analysis/watched-packets.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

// Captured from xtables-monitor -t (iptables 1.8.9) in a namespace: a SYN to port 22 jumped to SSH and accepted,
// interleaved with a UDP packet REJECTed (reported as DROP) and a ping sent out.
const MONITOR =
  [
    'PACKET: 2 a8506c12 IN=lo LOOPBACK SRC=127.0.0.1 DST=127.0.0.1 LEN=60 TOS=0x0 TTL=64 ID=441' +
      '27 DF SPORT=44584 DPORT=22 SYN ',
    ' TRACE: 2 a8506c12 raw:PREROUTING:rule:0x4:CONTINUE  -4 -t raw -A PREROUTING -p tcp -m tcp' +
      ' --dport 22 -m comment --comment "fwtui-watch abc" -j TRACE',
    ' TRACE: 2 a8506c12 raw:PREROUTING:policy:ACCEPT ',
    'PACKET: 2 140de80c OUT=lo SRC=127.0.0.1 DST=127.0.0.1 LEN=31 TOS=0x0 TTL=64 ID=51211 DF SP' +
      'ORT=50810 DPORT=53 ',
    'PACKET: 2 a8506c12 IN=lo LOOPBACK SRC=127.0.0.1 DST=127.0.0.1 LEN=60 TOS=0x0 TTL=64 ID=441' +
      '27 DF SPORT=44584 DPORT=22 SYN ',
    ' TRACE: 2 a8506c12 filter:INPUT:rule:0x7:JUMP:SSH  -4 -t filter -A INPUT -p tcp -m tcp --d' + 'port 22 -j SSH',
    ' TRACE: 2 140de80c filter:OUTPUT:rule:0x2:DROP  -4 -t filter -A OUTPUT -p udp -j REJECT --' +
      'reject-with icmp-port-unreachable',
    ' TRACE: 2 a8506c12 filter:SSH:rule:0x3:ACCEPT  -4 -t filter -A SSH -p tcp -j ACCEPT',
  ].join('\n') + '\n';

const RULES = `*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -p tcp -m tcp --dport 22 -m comment --comment "fwtui-watch abc" -j TRACE
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:SSH - [0:0]
-A INPUT -p udp -j DROP
-A INPUT -p tcp -m tcp --dport 22 -j SSH
-A OUTPUT -p udp -j REJECT --reject-with icmp-port-unreachable
-A SSH -s 10.9.9.9/32 -j RETURN
-A SSH -p tcp -j ACCEPT
-A SSH -p tcp -j ACCEPT
COMMIT
`;

describe('xtables-monitor -t lines', () => {
  it('reads a packet line: family, id, fields, bare flags', () => {
    const l = parseTraceLine(MONITOR.split('\n')[0]!);
    expect(l).toMatchObject({ kind: 'packet', family: 'ipv4', id: 'a8506c12' });
    if (l?.kind !== 'packet') throw new Error('not a packet');
    expect(l.fields).toMatchObject({ IN: 'lo', SRC: '127.0.0.1', DPORT: '22', SYN: '', LOOPBACK: '' });
  });

  it('reads rule, jump and policy steps with the rule text without -4 -t TABLE', () => {
    const lines = MONITOR.split('\n').map(parseTraceLine);
    expect(lines[1]).toMatchObject({
      kind: 'step',
      step: { table: 'raw', chain: 'PREROUTING', kind: 'rule', handle: '0x4', verdict: 'CONTINUE', target: null },
    });
    expect(lines[2]).toMatchObject({ step: { kind: 'policy', verdict: 'ACCEPT', handle: null, rule: null } });
    expect(lines[5]).toMatchObject({
      step: { verdict: 'JUMP', target: 'SSH', rule: '-A INPUT -p tcp -m tcp --dport 22 -j SSH' },
    });
  });

  it('a rule text cut short (the monitor died printing it) is no rule text', () => {
    expect(parseTraceLine(' TRACE: 10 ab raw:OUTPUT:rule:0x2:CONTINUE  -6 -t raw')).toMatchObject({
      family: 'ipv6',
      step: { rule: null, handle: '0x2' },
    });
  });

  it('keeps a line of another shape as other, and a malformed trace head too', () => {
    expect(parseTraceLine('some warning')).toEqual({ kind: 'other', text: 'some warning' });
    expect(parseTraceLine(' TRACE: 2 abc filter:INPUT:bogus:ACCEPT')?.kind).toBe('other');
    expect(parseTraceLine('   ')).toBeNull();
  });

  it('reads pieces split anywhere, a last line without newline at the end', () => {
    const r = new TraceLineReader();
    const whole = MONITOR.trimEnd();
    const got = [...r.feed(whole.slice(0, 17)), ...r.feed(whole.slice(17, 400)), ...r.feed(whole.slice(400))];
    expect(got.length).toBe(7);
    expect(r.end().length).toBe(1);
  });
});

describe('packets put together', () => {
  const ruleset = parseSave(RULES, { family: 'ipv4' });
  const lines = new TraceLineReader().feed(MONITOR);

  it('groups interleaved packets by id, numbers each rule, hands a packet out once quiet', () => {
    const c = new PacketCollector(ruleset, 300);
    for (const l of lines) c.add(l, 1000);
    expect(c.due(1200)).toEqual([]);
    const done = c.due(1300);
    expect(done.map((p) => p.id)).toEqual(['a8506c12', '140de80c']);
    const ssh = done[0]!;
    expect(ssh.steps.map((s) => [s.table, s.chain, s.numbers])).toEqual([
      ['raw', 'PREROUTING', [1]],
      ['raw', 'PREROUTING', []],
      ['filter', 'INPUT', [2]],
      ['filter', 'SSH', [2, 3]],
    ]);
    expect(outcomeOf(ssh)).toMatchObject({ verdict: 'ACCEPT', at: { chain: 'SSH' } });
    expect(outcomeOf(done[1]!)).toMatchObject({ verdict: 'DROP', at: { chain: 'OUTPUT', numbers: [1] } });
  });

  it('claims no verdict when the trace shows no filter decision (a drop by routing is not traced)', () => {
    const c = new PacketCollector(ruleset);
    for (const l of lines.slice(0, 3)) c.add(l, 0);
    const [onlyRaw] = c.flush();
    expect(outcomeOf(onlyRaw!)).toMatchObject({ verdict: null, at: { table: 'raw', kind: 'policy' } });
  });

  it('flush hands out what is still open', () => {
    const c = new PacketCollector(null);
    for (const l of lines) c.add(l, 0);
    expect(c.flush().length).toBe(2);
    expect(c.flush()).toEqual([]);
  });
});
