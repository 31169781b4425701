import { describe, expect, it } from 'vitest';
import {
  findDrift,
  inversePlan,
  looseKey,
  looselyEqual,
  makePlan,
  touchedChains,
  verifyApplied,
} from '../../../../src/domain/commit/commit-plan.js';
import { applyEdit, type Edit } from '../../../../src/domain/edit/edits.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import type { Family, Table } from '../../../../src/domain/model/ruleset.js';
import { renamesOf } from '../../../../src/domain/diff/table-diff.js';

/** A filter table from chain declarations and rule lines. */
const filter = (lines: string[], family: Family = 'ipv4'): Table =>
  parseSave(
    ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...lines, 'COMMIT', ''].join(
      '\n',
    ),
    {
      family,
    },
  ).tables[0]!;
const LIVE = [
  ':KEEP - [0:0]',
  ':OLD - [0:0]',
  ':WEB - [0:0]',
  '-A INPUT -j WEB',
  '-A WEB -p tcp -j ACCEPT',
  '-A OLD -j DROP',
];
const plan = (edits: Edit[], family: Family = 'ipv4', live = filter(LIVE, family)) =>
  makePlan(family, live, edits.reduce(applyEdit, live), renamesOf(edits, live));
const EDITS: Edit[] = [
  { kind: 'insert', chain: 'INPUT', at: 0, spec: '-s 10.0.0.1/32 -j ACCEPT' },
  { kind: 'renameChain', chain: 'WEB', to: 'HTTP' },
  { kind: 'deleteChain', chain: 'OLD' },
  { kind: 'newChain', chain: 'NEW' },
];

describe('the chains a commit touches', () => {
  it('names them as they are live: changed, renamed, deleted and created', () => {
    expect(touchedChains(plan(EDITS)).sort()).toEqual(['INPUT', 'NEW', 'OLD', 'WEB']);
    expect(touchedChains(plan([]))).toEqual([]);
  });

  it('the inverse plan undoes the renames the other way', () => {
    const p = plan(EDITS);
    const back = inversePlan(p);
    expect(back.basis).toBe(p.staged);
    expect(back.staged).toBe(p.basis);
    expect([...back.renames]).toEqual([['WEB', 'HTTP']]);
    expect(back.diff.renamed).toEqual([['HTTP', 'WEB']]);
    expect(back.diff.created).toEqual(['OLD']);
    expect(back.diff.deleted.map((c) => c.name)).toEqual(['NEW']);
  });
});

describe('drift: another program changed what the commit touches', () => {
  it('is null when the touched chains are as they were, whatever happened elsewhere', () => {
    const p = plan(EDITS);
    expect(findDrift(p, filter(LIVE))).toBeNull();
    expect(findDrift(p, filter([...LIVE, '-A KEEP -j DROP', '-A OUTPUT -j DROP']))).toBeNull();
  });

  it('sees a rule added, a policy changed, a chain created or gone, with a diff in save syntax', () => {
    const p = plan(EDITS);
    const added = findDrift(p, filter([...LIVE, '-A WEB -j DROP']))!;
    expect(added).toMatchObject({ family: 'ipv4', table: 'filter', chains: ['WEB'] });
    expect(added.lines.filter((l) => l.kind === '+').map((l) => l.text)).toEqual(['-A WEB -j DROP']);
    const policy = findDrift(p, parseSave(`*filter\n:INPUT DROP [0:0]\n${LIVE.join('\n')}\nCOMMIT\n`).tables[0]!)!;
    expect(policy.chains).toEqual(['INPUT']);
    expect(policy.lines.filter((l) => l.kind !== ' ' && l.kind !== '@').map((l) => l.kind + l.text)).toEqual([
      '-:INPUT ACCEPT',
      '+:INPUT DROP',
    ]);
    const made = findDrift(p, filter([...LIVE, ':NEW - [0:0]']))!;
    expect(made.chains).toEqual(['NEW']);
    expect(made.lines.map((l) => l.kind + l.text)).toContain('-(no chain NEW)');
    expect(made.lines.map((l) => l.kind + l.text)).toContain('+:NEW -');
    const gone = findDrift(p, filter(LIVE.filter((l) => !l.includes('OLD'))))!;
    expect(gone.chains).toEqual(['OLD']);
    expect(gone.lines.map((l) => l.kind + l.text)).toContain('+(no chain OLD)');
  });

  it('shows the drift of each chain without counters, one line per rule', () => {
    const live = [':A - [0:0]', ':B - [0:0]', '[5:50] -A A -j LOG', '-A A -j DROP', '-A B -j DROP'];
    const p = plan(
      [
        { kind: 'flushChain', chain: 'A' },
        { kind: 'flushChain', chain: 'B' },
      ],
      'ipv4',
      filter(live),
    );
    const fresh = filter([':A - [0:0]', ':B - [0:0]', '[9:90] -A A -j LOG', '-A A -j ACCEPT', '-A B -j ACCEPT']);
    const drift = findDrift(p, fresh)!;
    expect(drift.chains).toEqual(['A', 'B']);
    expect(drift.lines.filter((l) => l.kind !== '@').map((l) => l.kind + l.text)).toEqual([
      ' :A -',
      ' -A A -j LOG',
      '--A A -j DROP',
      '+-A A -j ACCEPT',
      ' :B -',
      '--A B -j DROP',
      '+-A B -j ACCEPT',
    ]);
  });

  it('sees a rule changed in place, or the same rules in another order', () => {
    const p = plan(EDITS);
    const changed = LIVE.map((l) => (l === '-A WEB -p tcp -j ACCEPT' ? '-A WEB -p udp -j ACCEPT' : l));
    const second = [':W - [0:0]', '-A W -j LOG', '-A W -j DROP'];
    const p3 = plan([{ kind: 'flushChain', chain: 'W' }], 'ipv4', filter(second));
    expect(findDrift(p3, filter([':W - [0:0]', '-A W -j LOG', '-A W -j ACCEPT']))!.chains).toEqual(['W']);
    expect(findDrift(p, filter(changed))!.chains).toEqual(['WEB']);
    const two = [':WEB - [0:0]', '-A WEB -p tcp -j ACCEPT', '-A WEB -p udp -j ACCEPT'];
    const p2 = plan([{ kind: 'insert', chain: 'WEB', at: 0, spec: '-j LOG' }], 'ipv4', filter(two));
    expect(
      findDrift(p2, filter([':WEB - [0:0]', '-A WEB -p udp -j ACCEPT', '-A WEB -p tcp -j ACCEPT']))!.chains,
    ).toEqual(['WEB']);
  });
});

describe('the kernel spells typed rules its own way', () => {
  it('ignores -m after -p, /32 and /128, service names, long options, state order and word order', () => {
    const same = (typed: string, kernel: string) => looselyEqual(typed.split(' '), kernel.split(' '));
    expect(same('-p tcp --dport ssh -j ACCEPT', '-p tcp -m tcp --dport 22 -j ACCEPT')).toBe(true);
    expect(same('--protocol tcp --destination-port 22 --jump ACCEPT', '-p tcp -m tcp --dport 22 -j ACCEPT')).toBe(true);
    expect(same('-p tcp --match tcp --sport ssh:http -j ACCEPT', '-p tcp -m tcp --sport 22:80 -j ACCEPT')).toBe(true);
    expect(same('-p tcp -m multiport --dports ssh,https', '-p tcp -m multiport --dports 22,443')).toBe(true);
    expect(same('-s 10.0.0.1 -d 2001:db8::1 -j DROP', '-s 10.0.0.1/32 -d 2001:db8::1/128 -j DROP')).toBe(true);
    expect(same('--source 10.0.0.1/32 --destination 10.0.0.2/32', '-s 10.0.0.1/32 -d 10.0.0.2/32')).toBe(true);
    expect(same('--src 10.0.0.1/32 --dst 10.0.0.2/32', '-s 10.0.0.1/32 -d 10.0.0.2/32')).toBe(true);
    expect(same('-m state --state ESTABLISHED,RELATED', '-m state --state RELATED,ESTABLISHED')).toBe(true);
    expect(same('-m conntrack --ctstate NEW,INVALID', '-m conntrack --ctstate INVALID,NEW')).toBe(true);
    expect(same('--in-interface eth0 --out-interface eth1 --goto X', '-i eth0 -o eth1 -g X')).toBe(true);
    expect(same('--destination-ports 1 --source-ports 2 --ports 3', '--dports 1 --sports 2 --ports 3')).toBe(true);
    expect(same('-j ACCEPT -p tcp', '-p tcp -j ACCEPT')).toBe(true);
  });

  it('still tells different rules apart', () => {
    const same = (typed: string, kernel: string) => looselyEqual(typed.split(' '), kernel.split(' '));
    expect(same('-p tcp --dport 22 -j ACCEPT', '-p tcp -m tcp --dport 23 -j ACCEPT')).toBe(false);
    expect(same('-p tcp -m udp --dport 22', '-p tcp --dport 22')).toBe(false);
    expect(same('-s 10.0.0.1', '-s 10.0.0.1/24')).toBe(false);
    expect(same('-s 2001:db8::1', '-s 2001:db8::1/32')).toBe(false);
    expect(same('-m state --state NEW', '-m state --state ESTABLISHED')).toBe(false);
    expect(looseKey(['-p', 'tcp', '--dport'])).toBe('--dport -p tcp');
    expect(looseKey(['-m', 'state', '--state'])).toBe('--state -m state');
    expect(same('--dports 1,22', '--dports 12,2')).toBe(false);
    expect(same('--dport 1:22', '--dport 12:2')).toBe(false);
    expect(same('--state NEW', '--state WEN')).toBe(false);
    expect(same('--state A,BC', '--state AB,C')).toBe(false);
    expect(looseKey(['--state'])).toBe('--state');
    expect(looseKey(['-s'])).toBe('-s');
    expect(looseKey(['-m', 'comment', '--comment', 'x'])).toBe('--comment -m comment x');
  });
});

describe('checking what the kernel holds after a commit', () => {
  it('finds nothing when the kernel holds what was staged, typed rules in its own spelling', () => {
    const p = plan([{ kind: 'insert', chain: 'INPUT', at: 0, spec: '-p tcp --dport ssh -j ACCEPT' }]);
    const kernel = filter([...LIVE.slice(0, 3), '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT', ...LIVE.slice(3)]);
    expect(verifyApplied(p, kernel)).toEqual([]);
  });

  it('finds nothing when a deleted chain is gone and the rest is as staged', () => {
    const p = plan([{ kind: 'deleteChain', chain: 'OLD' }]);
    expect(verifyApplied(p, filter(LIVE.filter((l) => !l.includes('OLD'))))).toEqual([]);
  });

  it('names each difference, IPv6 said so', () => {
    const edits: Edit[] = [
      { kind: 'replace', chain: 'INPUT', at: 0, spec: '-j WEB', with: '-p tcp -j ACCEPT' },
      { kind: 'insert', chain: 'KEEP', at: 0, spec: '-j DROP' },
      { kind: 'policy', chain: 'OUTPUT', policy: 'DROP' },
      { kind: 'newChain', chain: 'NEW' },
      { kind: 'deleteChain', chain: 'OLD' },
    ];
    const kernel = filter([...LIVE, '-A KEEP -j DROP', '-A KEEP -j DROP'], 'ipv6');
    expect(verifyApplied(plan(edits, 'ipv6'), kernel)).toEqual([
      'IPv6 filter INPUT rule 1: the kernel holds "-j WEB", staged "-p tcp -j ACCEPT"',
      'IPv6 filter OUTPUT: policy is ACCEPT, staged DROP',
      'IPv6 filter KEEP: 2 rules in the kernel, 1 staged',
      'IPv6 filter NEW: the chain is missing after the commit',
      'IPv6 filter: chain OLD is still there',
    ]);
    expect(verifyApplied(plan(edits), filter([...LIVE, '-A KEEP -j DROP', '-A KEEP -j DROP']))[1]).toBe(
      'filter OUTPUT: policy is ACCEPT, staged DROP',
    );
  });
});
