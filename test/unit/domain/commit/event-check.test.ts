import { describe, expect, it } from 'vitest';
import { makePlan } from '../../../../src/domain/commit/commit-plan.js';
import { tableFromOwnWrite, touchingGenerations } from '../../../../src/domain/commit/event-check.js';
import { movedOf, renamesOf } from '../../../../src/domain/diff/table-diff.js';
import { applyEdit, type Edit } from '../../../../src/domain/edit/edits.js';
import type { Table } from '../../../../src/domain/model/ruleset.js';
import { MonitorParser, type RulesetGeneration } from '../../../../src/domain/text/monitor-events.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const LIVE = parseSave(
  [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':WEB - [0:0]',
    '[1:2] -A INPUT -s 10.0.0.1/32 -j DROP',
    '[3:4] -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
    '-A WEB -j ACCEPT',
    'COMMIT',
    '',
  ].join('\n'),
).tables[0]!;

const plan = (edits: Edit[], live: Table = LIVE) =>
  makePlan('ipv4', live, edits.reduce(applyEdit, live), renamesOf(edits, live), movedOf(edits));

/** What xtables-monitor -e prints for one generation (the lines after EVENT:). */
const gen = (lines: string[], pid = 4242): RulesetGeneration =>
  new MonitorParser().feed(`${lines.map((l) => ` EVENT: ${l}\n`).join('')}NEWGEN: GENID=9 PID=${pid} NAME=x\n`)[0]!;

const INSERT: Edit = { kind: 'insert', chain: 'INPUT', at: 0, spec: '-s 192.0.2.1 -j ACCEPT' };

describe('touchingGenerations: which kernel commits may have changed the chains a plan writes', () => {
  it('a commit to another chain, table or family does not; to the chain, the table or of unknown place does', () => {
    const p = plan([INSERT]);
    const other = [
      gen(['-4 -t filter -A WEB -j DROP']),
      gen(['-4 -t nat -A INPUT -j ACCEPT']),
      gen(['-6 -t filter -A INPUT -j ACCEPT']),
    ];
    expect(touchingGenerations(p, other)).toEqual([]);
    const touching = [
      gen(['-4 -t filter -A INPUT -j DROP']),
      gen(['nft: DEL table: table filter ip flags 0 use 1 handle 1']),
      gen(['something fwtui cannot place']),
      gen(['-4 -t filter -E WEB INPUT2']),
    ];
    expect(touchingGenerations(p, touching)).toEqual(touching);
  });
});

describe('tableFromOwnWrite: the table after a write, told by its own events', () => {
  it('an insert: the kernel words replace the typed ones, counters of the other rules stay', () => {
    const t = tableFromOwnWrite(plan([INSERT]), gen(['-4 -t filter -A INPUT -s 192.0.2.1/32 -j ACCEPT']));
    const input = t?.chains.find((c) => c.name === 'INPUT');
    expect(input?.rules.map((r) => r.spec)).toEqual([
      '-s 192.0.2.1/32 -j ACCEPT',
      '-s 10.0.0.1/32 -j DROP',
      '-p tcp -m tcp --dport 22 -j ACCEPT',
    ]);
    expect(input?.rules[2]?.counters).toEqual({ packets: 3n, bytes: 4n });
    // A new rule starts at zero in the kernel.
    expect(input?.rules[0]?.counters).toEqual({ packets: 0n, bytes: 0n });
  });

  it('a delete and a move: the deleted words and the re-added rule must be there', () => {
    const del: Edit = { kind: 'delete', chain: 'INPUT', at: 0, spec: '-s 10.0.0.1/32 -j DROP' };
    expect(tableFromOwnWrite(plan([del]), gen(['-4 -t filter -D INPUT -s 10.0.0.1/32 -j DROP']))).not.toBeNull();
    const move: Edit = { kind: 'move', chain: 'INPUT', from: 1, to: 0, spec: '-p tcp -m tcp --dport 22 -j ACCEPT' };
    const t = tableFromOwnWrite(
      plan([move]),
      gen([
        '-4 -t filter -D INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
        '-4 -t filter -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
      ]),
    );
    expect(t?.chains.find((c) => c.name === 'INPUT')?.rules.map((r) => r.counters)).toEqual([
      { packets: 3n, bytes: 4n },
      { packets: 1n, bytes: 2n },
    ]);
    // ip6tables-nft-restore 1.8.9 drops a moved IPv6 rule's counters: the table says what the kernel holds.
    const v6 = makePlan('ipv6', { ...LIVE }, applyEdit(LIVE, move), new Map(), movedOf([move]));
    const back = tableFromOwnWrite(
      v6,
      gen([
        '-6 -t filter -D INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
        '-6 -t filter -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
      ]),
    );
    expect(back?.chains.find((c) => c.name === 'INPUT')?.rules[0]?.counters).toEqual({ packets: 0n, bytes: 0n });
  });

  it('anything else than exactly the script is not taken for it (the table is read back)', () => {
    const p = plan([INSERT]);
    // Another rule, a missing one, another family, another table, lines left out, an unknown line.
    expect(tableFromOwnWrite(p, gen(['-4 -t filter -A INPUT -s 192.0.2.2/32 -j ACCEPT']))).toBeNull();
    expect(tableFromOwnWrite(p, gen(['-4 -t filter -A WEB -j ACCEPT']))).toBeNull();
    expect(tableFromOwnWrite(p, gen(['-6 -t filter -A INPUT -s 192.0.2.1/32 -j ACCEPT']))).toBeNull();
    expect(tableFromOwnWrite(p, gen(['-4 -t nat -A INPUT -s 192.0.2.1/32 -j ACCEPT']))).toBeNull();
    const both = ['-4 -t filter -A INPUT -s 192.0.2.1/32 -j ACCEPT', '-4 -t filter -D INPUT -j DROP'];
    expect(tableFromOwnWrite(p, gen(both))).toBeNull();
    expect(tableFromOwnWrite(p, { ...gen([both[0]!]), complete: false })).toBeNull();
    expect(tableFromOwnWrite(p, gen([both[0]!, 'odd line']))).toBeNull();
  });

  it('chains made, renamed or removed, a policy, a flush: always read back', () => {
    const gens = gen(['-4 -t filter -N NEW']);
    expect(tableFromOwnWrite(plan([{ kind: 'newChain', chain: 'NEW' }]), gens)).toBeNull();
    expect(tableFromOwnWrite(plan([{ kind: 'policy', chain: 'INPUT', policy: 'DROP' }]), gens)).toBeNull();
    expect(tableFromOwnWrite(plan([{ kind: 'flushChain', chain: 'WEB' }]), gens)).toBeNull();
    expect(tableFromOwnWrite(plan([{ kind: 'renameChain', chain: 'WEB', to: 'HTTP' }]), gens)).toBeNull();
  });
});
