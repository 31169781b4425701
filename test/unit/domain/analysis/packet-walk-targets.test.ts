import { describe, expect, it } from 'vitest';
import { walkPacket } from '../../../../src/domain/analysis/chain-walk.js';
import { canEndWith, explore, tracePacket } from '../../../../src/domain/analysis/evaluate.js';
import { parsePacketSpec } from '../../../../src/domain/analysis/packet-spec.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { deciderName, verdictLine } from '../../../../src/domain/analysis/trace-report.js';

/** A ruleset from whole tables: `{ filter: ['-A INPUT …'], mangle: [':X - [0:0]', …] }`. */
function ruleset(tables: Record<string, string[]>, policies: Record<string, string> = {}) {
  const builtin: Record<string, string[]> = {
    filter: ['INPUT', 'FORWARD', 'OUTPUT'],
    mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
    nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
    raw: ['PREROUTING', 'OUTPUT'],
  };
  const text = Object.entries(tables).flatMap(([name, lines]) => [
    `*${name}`,
    ...builtin[name]!.map((c) => `:${c} ${policies[`${name} ${c}`] ?? 'ACCEPT'} [0:0]`),
    ...lines,
    'COMMIT',
  ]);
  return parseSave(`${text.join('\n')}\n`);
}
const SSH = '-p tcp -s 192.0.2.1 --sport 40000 --dport 22 -i eth0';
const line = (r: ReturnType<typeof ruleset>, spec = SSH) =>
  verdictLine(tracePacket(r, parsePacketSpec(spec.split(' '))));

describe('marks set on the way', () => {
  it('MARK --set-mark and --set-xmark change what -m mark sees later', () => {
    const verdictAfter = (target: string) =>
      line(ruleset({ mangle: [`-A PREROUTING -j MARK ${target}`], filter: ['-A INPUT -m mark --mark 0x5 -j DROP'] }));
    expect(verdictAfter('--set-mark 0x5')).toBe('DROP by filter INPUT rule 1');
    expect(verdictAfter('--set-mark 0x4')).toBe('ACCEPT by the policy of filter INPUT (ACCEPT)');
    expect(verdictAfter('--set-xmark 0x5/0xffffffff')).toBe('DROP by filter INPUT rule 1');
    expect(verdictAfter('--set-xmark 0x5')).toBe('DROP by filter INPUT rule 1');
    expect(verdictAfter('--set-mark 0x5/0xff')).toBe('DROP by filter INPUT rule 1');
    expect(verdictAfter('--set-mark nope')).toMatch(
      /^uncertain at filter INPUT rule 1 \(-m mark 0x5 \(the packet's mark is not known\)\)/,
    );
    expect(verdictAfter('--set-mark')).toMatch(/the packet's mark is not known/);
  });

  it('keeps the bits outside the mask: xor for --set-xmark, or for --set-mark', () => {
    const verdictAfter = (targets: string[], mark: string) =>
      line(
        ruleset({
          mangle: targets.map((t) => `-A PREROUTING -j MARK ${t}`),
          filter: [`-A INPUT -m mark --mark ${mark} -j DROP`],
        }),
      );
    expect(verdictAfter(['--set-mark 0x10', '--set-xmark 0x1/0xf'], '0x11')).toBe('DROP by filter INPUT rule 1');
    expect(verdictAfter(['--set-mark 0x11', '--set-xmark 0x0/0x1'], '0x10')).toBe('DROP by filter INPUT rule 1');
    expect(verdictAfter(['--set-mark 0x13', '--set-xmark 0x1/0x2'], '0x10')).toBe('DROP by filter INPUT rule 1');
    expect(verdictAfter(['--set-mark 0x10', '--set-mark 0x1/0xf'], '0x11')).toBe('DROP by filter INPUT rule 1');
    expect(verdictAfter(['--set-mark 0x13', '--set-mark 0x1/0x2'], '0x11')).toBe('DROP by filter INPUT rule 1');
  });

  it('the mark starts at 0; CONNMARK --restore-mark makes it unknown', () => {
    expect(line(ruleset({ filter: ['-A INPUT -m mark --mark 0x0 -j DROP'] }))).toBe('DROP by filter INPUT rule 1');
    const restored = ruleset({
      mangle: ['-A PREROUTING -j CONNMARK --restore-mark'],
      filter: ['-A INPUT -m mark --mark 0x0 -j DROP'],
    });
    expect(line(restored)).toMatch(/^uncertain at filter INPUT rule 1 \(-m mark 0x0/);
    const saved = ruleset({
      mangle: ['-A PREROUTING -j CONNMARK --save-mark'],
      filter: ['-A INPUT -m mark --mark 0 -j DROP'],
    });
    expect(line(saved)).toBe('DROP by filter INPUT rule 1');
  });
});

describe('conntrack and address translation', () => {
  it('NOTRACK and CT --notrack make the packet UNTRACKED: nat never sees it', () => {
    const untracked = (raw: string) =>
      line(
        ruleset({
          raw: [`-A PREROUTING ${raw}`],
          nat: ['-A PREROUTING -j DNAT --to-destination 10.0.0.1'],
          filter: ['-A INPUT -m state --state UNTRACKED -j DROP'],
        }),
      );
    expect(untracked('-j NOTRACK')).toBe('DROP by filter INPUT rule 1');
    expect(untracked('-j CT --notrack')).toBe('DROP by filter INPUT rule 1');
    expect(untracked('-j CT --zone 1')).toMatch(/^uncertain at nat PREROUTING rule 1 \(whether 10.0.0.1 is this/);
  });

  it('SNAT and MASQUERADE end the nat table, the packet goes on', () => {
    const out = '-p tcp -d 192.0.2.1 --dport 22 -o eth0';
    for (const target of ['SNAT --to-source 10.0.0.1', 'MASQUERADE']) {
      const r = ruleset({
        nat: [`-A POSTROUTING -j ${target}`, '-A POSTROUTING -j DNAT --to-destination 10.0.0.9'],
        filter: ['-A OUTPUT -j ACCEPT'],
      });
      expect(line(r, out)).toBe('ACCEPT by filter OUTPUT rule 1');
    }
  });

  it('says which targets it does not follow, and where', () => {
    const at = (target: string) => line(ruleset({ nat: [`-A PREROUTING -p tcp -j ${target}`] }));
    expect(at('REDIRECT --to-ports 8080')).toBe('ACCEPT by the policy of nat INPUT (ACCEPT)');
    expect(at('NETMAP --to 10.0.0.0/24')).toMatch(/^uncertain: NETMAP at nat PREROUTING rule 1 rewrites/);
    const f = (target: string) => line(ruleset({ filter: ['-A INPUT -p udp -j ACCEPT', `-A INPUT -j ${target}`] }));
    expect(f('QUEUE')).toBe('uncertain: QUEUE at filter INPUT rule 2 hands the packet to a program, which decides');
    expect(f('NFQUEUE --queue-num 1')).toBe(
      'uncertain: NFQUEUE at filter INPUT rule 2 hands the packet to a program, which decides',
    );
    expect(f('TARPIT')).toBe('uncertain: the target TARPIT at filter INPUT rule 2 is not modelled');
  });
});

describe('targets that let the packet go on', () => {
  it('LOG, TCPMSS, SET and friends continue to the next rule; a rule without a target too', () => {
    for (const target of [
      'LOG --log-prefix x',
      'NFLOG',
      'TCPMSS --clamp-mss-to-pmtu',
      'SET --add-set s src',
      'CT --zone 1',
    ]) {
      const r = ruleset({ filter: [`-A INPUT -j ${target}`, '-A INPUT -j DROP'] });
      expect(line(r)).toBe('DROP by filter INPUT rule 2');
    }
    expect(line(ruleset({ filter: ['-A INPUT -p tcp', '-A INPUT -j DROP'] }))).toBe('DROP by filter INPUT rule 2');
    const path = tracePacket(
      ruleset({ filter: ['-A INPUT -p tcp', '-A INPUT -j LOG', '-A INPUT -p udp'] }),
      parsePacketSpec(SSH.split(' ')),
    ).path;
    expect(path.map((r) => r.number)).toEqual([1, 2]);
  });

  it('a jump to a built-in chain is not a jump', () => {
    const r = ruleset({ filter: ['-A INPUT -p udp -j ACCEPT', '-A INPUT -j OUTPUT', '-A OUTPUT -j DROP'] });
    expect(line(r)).toBe('uncertain: the target OUTPUT at filter INPUT rule 2 is not modelled');
  });

  it('stops jumps that nest too deep (a loop)', () => {
    const r = ruleset({ filter: [':A - [0:0]', ':B - [0:0]', '-A INPUT -j A', '-A A -j B', '-A B -j A'] });
    expect(line(r)).toMatch(/^uncertain: jumps nest deeper than 64 chains at filter [AB] rule 1$/);
    const gotoLoop = ruleset({ filter: [':A - [0:0]', '-A INPUT -j A', '-A A -p udp -j DROP', '-A A -g A'] });
    expect(canEndWith(gotoLoop, parsePacketSpec(SSH.split(' ')), 'ACCEPT')).toBe('unknown');
  });
});

describe('what decides', () => {
  it("the filter table's word is named when it accepts; other tables only when filter said nothing", () => {
    const r = ruleset({
      mangle: ['-A PREROUTING -j ACCEPT', '-A INPUT -j ACCEPT'],
      filter: ['-A INPUT -p tcp -j ACCEPT'],
    });
    expect(line(r)).toBe('ACCEPT by filter INPUT rule 1');
    const policy = ruleset({ mangle: ['-A INPUT -j ACCEPT'], filter: [] });
    expect(line(policy)).toBe('ACCEPT by the policy of filter INPUT (ACCEPT)');
    const mangleOnly = ruleset({ mangle: ['-A PREROUTING -j ACCEPT'] });
    // The last table that said ACCEPT is named.
    expect(line(mangleOnly)).toBe('ACCEPT by the policy of mangle INPUT (ACCEPT)');
    expect(deciderName(tracePacket(ruleset({}), parsePacketSpec(SSH.split(' '))).decidedBy)).toBe(
      'no rule (every table let it pass)',
    );
  });

  it('a DROP policy of another table decides, RETURN from it too', () => {
    expect(line(ruleset({ mangle: [] }, { 'mangle INPUT': 'DROP' }))).toBe('DROP by the policy of mangle INPUT (DROP)');
    expect(line(ruleset({ mangle: ['-A INPUT -j RETURN', '-A INPUT -j ACCEPT'] }, { 'mangle INPUT': 'DROP' }))).toBe(
      'DROP by the policy of mangle INPUT (DROP)',
    );
    expect(line(ruleset({ mangle: ['-A INPUT -j RETURN', '-A INPUT -j DROP'] }))).toBe(
      'ACCEPT by the policy of mangle INPUT (ACCEPT)',
    );
  });
});

describe('walking every way', () => {
  const unsure = ruleset({
    filter: [
      '-A INPUT -m limit --limit 1/s -j LOG',
      '-A INPUT -m recent --rcheck -j DROP',
      '-A INPUT -m limit --limit 2/s -j REJECT',
    ],
  });
  const packet = parsePacketSpec(SSH.split(' '));

  it('tries "does not match" first, then each other way, depth first', () => {
    const { walks, complete } = explore(unsure, packet);
    expect(complete).toBe(true);
    expect(walks.map((w) => w.choices.map((c) => (c.matched ? 1 : 0)).join(''))).toEqual([
      '000',
      '001',
      '01',
      '100',
      '101',
      '11',
    ]);
    expect(walks.map((w) => w.verdict)).toEqual(['ACCEPT', 'REJECT', 'DROP', 'ACCEPT', 'REJECT', 'DROP']);
  });

  it('stops at the limit of walks, or when asked', () => {
    expect(explore(unsure, packet, { maxWalks: 2 })).toMatchObject({ complete: false });
    expect(explore(unsure, packet, { maxWalks: 2 }).walks).toHaveLength(2);
    expect(explore(unsure, packet, { stopAt: (w) => w.verdict === 'DROP' }).walks).toHaveLength(3);
    expect(explore(unsure, packet, { stopAt: (w) => w.verdict === 'DROP' }).complete).toBe(false);
    expect(explore(unsure, packet, { maxWalks: 6 }).complete).toBe(true);
  });

  it('names the first match whose other answer changes the verdict, and what could happen', () => {
    const t = tracePacket(unsure, packet);
    expect(t.verdict).toBeNull();
    expect(t.possible).toEqual(['ACCEPT', 'DROP', 'REJECT']);
    expect(t.uncertainAt?.why).toBe('-m recent (depends on earlier packets)');
    expect(t.uncertainAt!.rule!.number).toBe(2);
    expect(t.assumptions).toEqual([]);
    const quick = tracePacket(unsure, packet, { stopWhenUncertain: true });
    // It stops once every verdict the rules hold was seen.
    expect(quick.possible).toEqual(['ACCEPT', 'DROP', 'REJECT']);
    expect(quick.morePossible).toBeUndefined();
    expect(quick.verdict).toBeNull();
  });

  it('a certain answer keeps the undecidable matches that did not matter as assumptions', () => {
    const r = ruleset({ filter: ['-A INPUT -m limit --limit 1/s -j LOG', '-A INPUT -j DROP'] });
    const t = tracePacket(r, packet);
    expect(t.verdict).toBe('DROP');
    expect(t.uncertainAt).toBeNull();
    expect(t.assumptions.map((a) => [a.rule.number, a.matched])).toEqual([[1, false]]);
  });

  it('can end with: true as soon as one way does, false only when every way was followed', () => {
    expect(canEndWith(unsure, packet, 'DROP')).toBe(true);
    const r = ruleset({ filter: ['-A INPUT -m limit --limit 1/s -j REJECT', '-A INPUT -j DROP'] });
    expect(canEndWith(r, packet, 'ACCEPT')).toBe(false);
    const stuck = ruleset({ filter: ['-A INPUT -m limit --limit 1/s -j QUEUE', '-A INPUT -j DROP'] });
    expect(canEndWith(stuck, packet, 'ACCEPT')).toBe('unknown');
    expect(canEndWith(stuck, packet, 'DROP')).toBe(true);
  });

  it('a walk that cannot follow says why, and its choices stay recorded', () => {
    const w = walkPacket(ruleset({ filter: ['-A INPUT -m limit --limit 1/s -j QUEUE'] }), packet, () => true);
    expect(w).toMatchObject({ verdict: null, decidedBy: null });
    expect(w.stuck).toBe('QUEUE at filter INPUT rule 1 hands the packet to a program, which decides');
    expect(w.choices).toEqual([
      { rule: expect.objectContaining({ number: 1 }), why: expect.any(String), matched: true },
    ]);
    const t = tracePacket(ruleset({ filter: ['-A INPUT -j QUEUE'] }), packet);
    expect(t.uncertainAt).toEqual({
      rule: null,
      why: 'QUEUE at filter INPUT rule 1 hands the packet to a program, which decides',
    });
    expect(t.possible).toEqual(['unknown']);
    expect(t.assumptions).toEqual([]);
  });

  it('past its limit of ways, says so instead of guessing', () => {
    // 13 rules that may or may not log: 8192 ways, every one ACCEPT, more than the 4096 fwtui follows.
    const lines = Array.from({ length: 13 }, (_, i) => `-A INPUT -m limit --limit ${i + 1}/s -j LOG`);
    const t = tracePacket(ruleset({ filter: lines }), packet);
    expect(t.verdict).toBeNull();
    expect(t.uncertainAt).toEqual({
      rule: null,
      why: 'too many ways through the rules to follow them all (more than 4096 ways or 300000 rule checks)',
    });
    expect(t.possible).toEqual(['ACCEPT']);
    expect(t.assumptions).toEqual([]);
    // Every verdict the rules hold was seen: the list is whole even though not every way was followed.
    expect(t.morePossible).toBeUndefined();
    // A REJECT no walk reached, or a DROP policy when only DROP was seen: the list may be short, and says so.
    const reject = tracePacket(ruleset({ filter: [...lines, '-A INPUT -p udp -j REJECT'] }), packet);
    expect(reject).toMatchObject({ possible: ['ACCEPT'], morePossible: true });
    const dropped = tracePacket(ruleset({ filter: lines }, { 'filter INPUT': 'DROP' }), packet);
    expect(dropped).toMatchObject({ possible: ['DROP'], morePossible: true });
    const twelve = tracePacket(ruleset({ filter: lines.slice(1) }), packet);
    expect(verdictLine(twelve)).toBe('ACCEPT by the policy of filter INPUT (ACCEPT)');
  });

  it('a question over its budget of rule checks keeps the first walk to say why', () => {
    const r = ruleset({ filter: ['-A INPUT -m limit --limit 1/s -j LOG', '-A INPUT -j LOG', '-A INPUT -j DROP'] });
    const budget = { rules: 4 };
    const { walks, complete } = explore(r, packet, { budget });
    expect(complete).toBe(false);
    expect(walks.map((w) => w.verdict)).toEqual(['DROP']);
    const none = explore(r, packet, { budget: { rules: 2 } });
    expect(none.walks.map((w) => w.stuck)).toEqual(['too many ways through the rules to follow them all']);
    expect(explore(r, packet, { budget: { rules: 6 } }).complete).toBe(true);
  });

  it('where two ways part on a later choice, that choice is named', () => {
    // Flipping rule 1 alone changes nothing; the answer depends on rule 2 after rule 1 matched.
    const r = ruleset({
      filter: [':A - [0:0]', '-A INPUT -m limit --limit 1/s -j A', '-A A -m recent --rcheck -j DROP'],
    });
    const t = tracePacket(r, packet);
    expect(t.verdict).toBeNull();
    expect(t.uncertainAt?.why).toBe('-m limit (matches only while under its rate)');
  });
});
