import { describe, expect, it } from 'vitest';
import { canEndWith, explore, tracePacket } from '../../../../src/domain/analysis/evaluate.js';
import { parseNet } from '../../../../src/domain/model/ip-net.js';
import { parsePacketSpec, PacketSpecError } from '../../../../src/domain/analysis/packet-spec.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { traceReport, verdictLine } from '../../../../src/domain/analysis/trace-report.js';
import type { Family } from '../../../../src/domain/model/ruleset.js';
import { loadFixtures } from '../../../helpers/fixtures.js';

const fixture = (name: string) => {
  const f = loadFixtures().find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return parseSave(f.save, { family: f.family });
};

/** A filter table from rule lines; `policy` for INPUT. */
function filter(lines: string[], policy = 'ACCEPT', family: Family = 'ipv4', chains: string[] = []) {
  const text = [
    '*filter',
    `:INPUT ${policy} [0:0]`,
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ...chains.map((c) => `:${c} - [0:0]`),
    ...lines,
    'COMMIT',
    '',
  ].join('\n');
  return parseSave(text, { family });
}

const trace = (rules: ReturnType<typeof filter>, spec: string, family?: Family) =>
  tracePacket(rules, parsePacketSpec(spec.split(' ').filter(Boolean), family));
const line = (rules: ReturnType<typeof filter>, spec: string, family?: Family) =>
  verdictLine(trace(rules, spec, family));

describe('packet evaluator: the first matching rule decides', () => {
  const ssh = '-p tcp -s 198.51.100.7 --sport 40000 -d 203.0.113.1 --dport 22 -i eth0';

  it('walks the webserver fixture as the kernel would', () => {
    const web = fixture('tutorial-webserver.v4');
    expect(line(web, ssh)).toBe('ACCEPT by filter INPUT rule 4');
    // The rate-limited LOG rule may or may not log; rule 9 rejects either way.
    expect(line(web, '-p tcp -s 198.51.100.7 --sport 40000 --dport 25 -i eth0')).toBe('REJECT by filter INPUT rule 9');
    expect(line(web, `${ssh} --state ESTABLISHED`)).toBe('ACCEPT by filter INPUT rule 7');
    expect(line(web, '-p tcp -s 127.0.0.1 --dport 25 -i eth0')).toBe('REJECT by filter INPUT rule 2');
    expect(line(web, '-p tcp -s 127.0.0.1 --dport 25 -i lo')).toBe('ACCEPT by filter INPUT rule 1');
    expect(line(web, '-p icmp --icmp-type echo-request -s 192.0.2.1 -i eth0')).toBe('ACCEPT by filter INPUT rule 3');
  });

  it('follows jumps into user chains and back, recent --set always matching', () => {
    const st = fixture('tutorial-stateful.v4');
    expect(line(st, ssh)).toMatch(/^uncertain at filter TCP rule 1 \(-m recent/);
    // recent --update may reject in UDP; if not, rule 7 rejects: certain either way.
    expect(line(st, '-p udp -s 192.0.2.1 --sport 5000 --dport 9999 -i eth0')).toBe('REJECT by filter INPUT rule 7');
    expect(line(st, '-p icmp --icmp-type 8 -s 192.0.2.1 -i eth0')).toBe('ACCEPT by filter ICMP rule 1');
    expect(line(st, '-p icmp --icmp-type 5 -s 192.0.2.1 -i eth0')).toBe('REJECT by filter INPUT rule 9');
    // A non-SYN NEW TCP packet skips the TCP chain and meets recent --set + REJECT.
    expect(line(st, `${ssh} --tcp-flags ACK`)).toBe('REJECT by filter INPUT rule 8');
    expect(line(st, `${ssh} --state INVALID`)).toBe('DROP by filter INPUT rule 3');
  });

  it('returns from fail2ban chains to the caller and ends at the policy', () => {
    const f2b = fixture('fail2ban-style.v4');
    const t = trace(f2b, '-p tcp -s 192.0.2.50 --sport 40000 --dport 22 -i eth0');
    expect(verdictLine(t)).toBe('ACCEPT by the policy of filter INPUT (ACCEPT)');
    const sshdRules = f2b.tables[0]!.chains.find((c) => c.name === 'f2b-sshd')!.rules.length;
    expect(t.path.map((r) => `${r.chain}#${r.number}`)).toEqual([
      'INPUT#1',
      'f2b-recidive#5',
      'INPUT#4',
      `f2b-sshd#${sshdRules}`,
    ]);
    expect(line(f2b, '-p tcp -s 198.51.100.100 --dport 22 -i eth0')).toBe('REJECT by filter f2b-sshd rule 1');
    expect(line(f2b, '-p tcp -s 203.0.113.55 --dport 80 -i eth0')).toBe('REJECT by filter f2b-recidive rule 1');
  });

  it('gives the path with the deciding rule marked', () => {
    const report = traceReport(parsePacketSpec(ssh.split(' ')), trace(fixture('tutorial-webserver.v4'), ssh));
    expect(report[0]).toBe('packet: IPv4 tcp 198.51.100.7:40000 -> 203.0.113.1:22, NEW, in eth0 (to this machine)');
    expect(report[1]).toBe(
      '  filter INPUT #4  -A INPUT -p tcp -m tcp --dport 22 -m state --state NEW -j ACCEPT   <- decides',
    );
    expect(report.at(-1)).toBe('verdict: ACCEPT by filter INPUT rule 4');
  });

  it('evaluates IPv6 with ICMPv6 types and ufw chains', () => {
    const web6 = fixture('tutorial-webserver.v6');
    expect(line(web6, '-p ipv6-icmp --icmp-type 128 -s 2001:db8::7 -i eth0')).toMatch(/^ACCEPT/);
    const ufw6 = fixture('ufw-basic.v6');
    const t = trace(ufw6, '-p ipv6-icmp --icmpv6-type neighbour-solicitation -s fe80::1 -d fe80::2 -i eth0');
    expect(t.verdict === 'ACCEPT' || t.verdict === null).toBe(true);
    expect(t.uncertainAt?.why ?? '').not.toMatch(/not given/);
  });
});

describe('each match type', () => {
  it('addresses and CIDR, with negation and masks', () => {
    const r = filter([
      '-A INPUT -s 10.0.0.0/8 ! -d 10.9.9.9/32 -j DROP',
      '-A INPUT -s 192.168.0.0/255.255.0.0 -j REJECT',
    ]);
    expect(line(r, '-s 10.1.2.3 -d 10.0.0.1 -i eth0')).toBe('DROP by filter INPUT rule 1');
    expect(line(r, '-s 10.1.2.3 -d 10.9.9.9 -i eth0')).toBe('ACCEPT by the policy of filter INPUT (ACCEPT)');
    expect(line(r, '-s 192.168.7.7 -d 10.9.9.9 -i eth0')).toBe('REJECT by filter INPUT rule 2');
    expect(line(r, '-d 10.0.0.1 -i eth0')).toMatch(
      /^uncertain at filter INPUT rule 1 \(-s 10.0.0.0\/8 \(the source was not given\)\)/,
    );
    const r6 = filter(['-A INPUT -s 2001:db8::/32 -j DROP'], 'ACCEPT', 'ipv6');
    expect(line(r6, '-s 2001:db8:1::5')).toBe('DROP by filter INPUT rule 1');
    expect(line(r6, '-s 2001:db9::5')).toMatch(/^ACCEPT/);
    expect(parseNet('::ffff:192.0.2.1/128')?.base).toBe(0xffffc0000201n);
  });

  it('interfaces with + wildcards and negation', () => {
    const r = filter(['-A INPUT -i eth+ -j DROP', '-A INPUT ! -i lo -j REJECT']);
    expect(line(r, '-i eth0')).toBe('DROP by filter INPUT rule 1');
    expect(line(r, '-i wlan0')).toBe('REJECT by filter INPUT rule 2');
    expect(line(r, '-i lo')).toMatch(/^ACCEPT/);
    expect(line(r, '-p tcp')).toBe(
      'uncertain at filter INPUT rule 1 (-i eth+ (the incoming ' +
        'interface was not given)): could be ACCEPT or DROP or REJECT',
    );
  });

  it('protocols, ports, ranges and multiport', () => {
    const r = filter([
      '-A INPUT -p tcp -m tcp --dport 1000:2000 -j DROP',
      '-A INPUT -p udp -m multiport --dports 53,5000:5010 -j REJECT',
      '-A INPUT -p tcp -m tcp ! --sport 1024:65535 -j DROP',
      '-A INPUT -p tcp -m multiport --ports 8080 -j REJECT',
      '-A INPUT ! -p tcp -j DROP',
    ]);
    expect(line(r, '-i eth0 -p tcp --sport 40000 --dport 1500')).toBe('DROP by filter INPUT rule 1');
    expect(line(r, '-i eth0 -p udp --sport 40000 --dport 5005')).toBe('REJECT by filter INPUT rule 2');
    expect(line(r, '-i eth0 -p tcp --sport 80 --dport 22')).toBe('DROP by filter INPUT rule 3');
    expect(line(r, '-i eth0 -p tcp --sport 8080 --dport 22')).toBe('REJECT by filter INPUT rule 4');
    expect(line(r, '-i eth0 -p udp --sport 40000 --dport 22')).toBe('DROP by filter INPUT rule 5');
    expect(line(r, '-i eth0 -p tcp --sport 40000 --dport 22')).toMatch(/^ACCEPT/);
  });

  it('conntrack and state, icmp types with codes, tcp flags', () => {
    const r = filter([
      '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A INPUT -m state ! --state NEW -j DROP',
      '-A INPUT -p icmp -m icmp --icmp-type 3/4 -j ACCEPT',
      '-A INPUT -p icmp -m icmp --icmp-type 3 -j REJECT',
      '-A INPUT -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -j DROP',
      '-A INPUT -p tcp -m tcp --syn -j REJECT',
    ]);
    expect(line(r, '-i eth0 --state ESTABLISHED')).toBe('ACCEPT by filter INPUT rule 1');
    expect(line(r, '-i eth0 --state INVALID')).toBe('DROP by filter INPUT rule 2');
    expect(line(r, '-i eth0 -p icmp --icmp-type fragmentation-needed')).toBe('ACCEPT by filter INPUT rule 3');
    expect(line(r, '-i eth0 -p icmp --icmp-type port-unreachable')).toBe('REJECT by filter INPUT rule 4');
    expect(line(r, '-i eth0 -p icmp --icmp-type 3')).toMatch(
      /^uncertain at filter INPUT rule 3 \(--icmp-type 3\/4 \(the ICMP code was not given\)\)/,
    );
    expect(line(r, '-i eth0 -p tcp --tcp-flags ACK')).toBe('DROP by filter INPUT rule 5');
    expect(line(r, '-i eth0 -p tcp')).toBe('REJECT by filter INPUT rule 6');
  });

  it('comment always, limit and unknown marks "may match", known marks decided', () => {
    const r = filter([
      '-A INPUT -m comment --comment "hello" -j LOG',
      '-A INPUT -p icmp -m limit --limit 1/s -j ACCEPT',
      '-A INPUT -m mark --mark 0x1 -j DROP',
      '-A INPUT -p udp -j MARK --set-mark 0x1',
      '-A INPUT -p udp -m mark --mark 0x1/0xff -j REJECT',
      '-A INPUT -p icmp -j DROP',
    ]);
    expect(line(r, '-i eth0 -p icmp --icmp-type 8')).toBe(
      'uncertain at filter INPUT rule 2 (-m limit (matches only while under its rate)): could be ACCEPT or DROP',
    );
    expect(line(r, '-i eth0 -p udp --dport 53')).toBe('REJECT by filter INPUT rule 5');
    expect(line(r, '-i eth0 -p tcp --dport 53')).toBe('ACCEPT by the policy of filter INPUT (ACCEPT)');
    const unknownMark = filter(['-A INPUT -j CONNMARK --restore-mark', '-A INPUT -m mark --mark 0x2 -j DROP']);
    expect(line(unknownMark, '-i eth0 -p tcp')).toMatch(
      /^uncertain at filter INPUT rule 2 \(-m mark 0x2 \(the packet's mark is not known\)\)/,
    );
  });

  it('a limit on a LOG rule does not make the answer uncertain, and says so', () => {
    const t = trace(filter(['-A INPUT -m limit --limit 3/min -j LOG', '-A INPUT -p tcp -j DROP']), '-i eth0 -p tcp');
    expect(verdictLine(t)).toBe('DROP by filter INPUT rule 2');
    expect(t.assumptions.map((a) => a.rule.number)).toEqual([1]);
  });
});

describe('chains: gotos vs jumps, RETURN from nested chains, policies', () => {
  const chains = ['A', 'B', 'C'];
  it('a jump comes back, a goto does not, RETURN goes up one level', () => {
    const r = filter(
      [
        '-A INPUT -p tcp -j A',
        '-A INPUT -p tcp -j REJECT',
        '-A A -p tcp -m tcp --dport 22 -g B',
        '-A A -p tcp -m tcp --dport 23 -j B',
        '-A A -p tcp -m tcp --dport 24 -j B',
        '-A A -p tcp -j DROP',
        '-A B -j C',
        '-A B -p tcp -m tcp --dport 24 -j ACCEPT',
        '-A C -j RETURN',
        '-A C -j DROP',
      ],
      'DROP',
      'ipv4',
      chains,
    );
    // goto B: when B ends, the walk goes back to A's caller (INPUT), not to A.
    const t22 = trace(r, '-i eth0 -p tcp --dport 22');
    expect(verdictLine(t22)).toBe('REJECT by filter INPUT rule 2');
    expect(t22.path.map((x) => `${x.chain}#${x.number}`)).toEqual(['INPUT#1', 'A#1', 'B#1', 'C#1', 'INPUT#2']);
    // jump B: B ends, A goes on to its DROP.
    const t23 = trace(r, '-i eth0 -p tcp --dport 23');
    expect(verdictLine(t23)).toBe('DROP by filter A rule 4');
    expect(t23.path.map((x) => `${x.chain}#${x.number}`)).toEqual(['INPUT#1', 'A#2', 'B#1', 'C#1', 'A#4']);
    // RETURN in C goes back to B only, which goes on to its ACCEPT.
    expect(line(r, '-i eth0 -p tcp --dport 24')).toBe('ACCEPT by filter B rule 2');
    expect(line(r, '-i eth0 -p udp --dport 81')).toBe('DROP by the policy of filter INPUT (DROP)');
  });

  it('RETURN in a built-in chain applies its policy; raw NOTRACK makes a packet UNTRACKED', () => {
    const text = [
      '*raw',
      ':PREROUTING ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      '-A PREROUTING -p udp -j NOTRACK',
      'COMMIT',
      '*filter',
      ':INPUT DROP [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      '-A INPUT -p tcp -j RETURN',
      '-A INPUT -m conntrack --ctstate UNTRACKED -j ACCEPT',
      'COMMIT',
      '',
    ].join('\n');
    const r = parseSave(text);
    expect(line(r, '-i eth0 -p tcp')).toBe('DROP by the policy of filter INPUT (DROP)');
    expect(line(r, '-i eth0 -p udp')).toBe('ACCEPT by filter INPUT rule 2');
  });

  it('nat sees only NEW packets; DNAT is followed (routing unknown: uncertain), NFQUEUE is not', () => {
    const text = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      '-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80',
      'COMMIT',
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      '-A INPUT -p udp -j NFQUEUE --queue-num 1',
      'COMMIT',
      '',
    ].join('\n');
    const r = parseSave(text);
    expect(line(r, '-i eth0 -p tcp --dport 8080')).toBe(
      "uncertain at nat PREROUTING rule 1 (whether 10.0.0.2 is this machine's is not known): could be ACCEPT or DROP",
    );
    expect(line(r, '-i eth0 -p tcp --dport 8080 --state ESTABLISHED')).toMatch(/^ACCEPT/);
    expect(line(r, '-i eth0 -p udp')).toMatch(/NFQUEUE .* hands the packet to a program/);
  });

  it('says whether any way through ends with a verdict', () => {
    const r = filter(['-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT'], 'DROP');
    const anySsh = parsePacketSpec(['-p', 'tcp', '--dport', '22', '-i', 'eth0']);
    expect(canEndWith(r, anySsh, 'ACCEPT')).toBe(true);
    expect(canEndWith(filter([], 'DROP'), anySsh, 'ACCEPT')).toBe(false);
  });
});

describe('packet words', () => {
  it('refuses what is not a packet, in plain words', () => {
    const bad = (s: string, re: RegExp) => expect(() => parsePacketSpec(s.split(' '))).toThrow(re);
    bad('--dport 22', /--dport needs -p tcp, udp, sctp or dccp/);
    bad('-s example.com', /give one address/);
    bad('-s 10.0.0.0/8', /give one address/);
    bad('-s 10.0.0.1 -d 2001:db8::1', /IPv6 address, but the packet is IPv4/);
    bad('-p tcp --dport 70000', /not a port/);
    bad('--state BOGUS', /is not one of/);
    bad('-j ACCEPT', /does not describe a packet/);
    bad('-p tcp -o eth0 --direction input', /-o is for packets/);
    expect(() => parsePacketSpec(['-p'])).toThrow(PacketSpecError);
    expect(parsePacketSpec(['-s', '2001:db8::1']).family).toBe('ipv6');
    expect(parsePacketSpec(['-o', 'eth0']).direction).toBe('output');
    expect(parsePacketSpec(['-i', 'eth0', '-o', 'eth1']).direction).toBe('forward');
  });
});

describe('packet evaluator on very big chains', () => {
  // 60k rules that each test the source: with the source left open there are 60k ways through.
  const drops = Array.from(
    { length: 60_000 },
    (_, i) => `-A INPUT -s 10.${i >> 16}.${(i >> 8) & 255}.${i & 255}/32 -j DROP`,
  );
  const big = filter([...drops, '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT'], 'DROP');
  const allDrop = filter(drops, 'DROP');

  it('stops every walk of a question once the question has looked at its budget of rules', () => {
    const budget = { rules: 150_000 };
    const { walks, complete } = explore(allDrop, parsePacketSpec(['-p', 'tcp', '--dport', '22']), { budget });
    expect(complete).toBe(false);
    expect(walks).toHaveLength(2);
    expect(budget.rules).toBeLessThan(0);
    const tiny = explore(allDrop, parsePacketSpec(['-p', 'tcp']), { budget: { rules: 10 } });
    expect(tiny.walks.map((w) => w.stuck)).toEqual(['too many ways through the rules to follow them all']);
  });

  it('gives up with "uncertain" after its budget of rule checks instead of taking minutes', () => {
    expect(line(allDrop, '-p tcp --dport 22 -i eth0')).toBe(
      'uncertain: too many ways through the rules to follow them all (more than 4096 ways or 300000 rule checks)',
    );
    expect(canEndWith(allDrop, parsePacketSpec(['-p', 'tcp', '--dport', '22']), 'ACCEPT')).toBe('unknown');
  });

  it('still names the first rule that decides, and answers packets whose fields decide every rule', () => {
    expect(line(big, '-p tcp --dport 22 -i eth0')).toBe(
      'uncertain at filter INPUT rule 1 (-s 10.0.0.0/32 (the source was not given)): could be ACCEPT or DROP',
    );
    expect(canEndWith(big, parsePacketSpec(['-p', 'tcp', '--dport', '22']), 'ACCEPT')).toBe(true);
    expect(line(big, '-p tcp -s 192.0.2.1 --dport 22 -i eth0')).toBe('ACCEPT by filter INPUT rule 60001');
    expect(line(big, '-p tcp -s 10.0.1.2 --dport 22 -i eth0')).toBe('DROP by filter INPUT rule 259');
  });
});

describe('every verdict a packet may get, or said to be a part', () => {
  // 13 LOG rules fwtui cannot decide make 2^13 ways before the first rule's other answer (the REJECT) is tried.
  const logs = Array.from({ length: 13 }, (_, n) => `-A INPUT -d 10.0.0.${n + 1}/32 -j LOG`);
  const rules = () =>
    parseSave(
      [
        '*filter',
        ':INPUT DROP [0:0]',
        ':FORWARD ACCEPT [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        ':BAD - [0:0]',
        '-A INPUT -s 10.9.0.1/32 -j BAD',
        ...logs,
        '-A INPUT -s 10.1.0.0/16 -j ACCEPT',
        '-A BAD -j REJECT',
        'COMMIT',
        '',
      ].join('\n'),
    );

  it('too many ways to follow them all: the verdicts seen, and that there may be more', () => {
    for (const options of [{}, { stopWhenUncertain: true }]) {
      const t = tracePacket(rules(), parsePacketSpec(['-p', 'tcp', '--dport', '22']), options);
      expect(t.possible).toEqual(['ACCEPT', 'DROP']);
      expect(t.morePossible).toBe(true);
      expect(verdictLine(t)).toMatch(/: could be ACCEPT or DROP, perhaps more \(too many ways/);
    }
  });

  it('stopping early still lists every verdict the rules can give', () => {
    const few = parseSave(
      [
        '*filter',
        ':INPUT DROP [0:0]',
        ':FORWARD ACCEPT [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        '-A INPUT -s 10.2.0.0/16 -j REJECT',
        '-A INPUT -s 10.1.0.0/16 -j ACCEPT',
        'COMMIT',
        '',
      ].join('\n'),
    );
    const t = tracePacket(few, parsePacketSpec(['-p', 'tcp', '--dport', '22']), { stopWhenUncertain: true });
    expect(t.possible).toEqual(['ACCEPT', 'DROP', 'REJECT']);
    expect(t.morePossible).toBeUndefined();
  });
});
