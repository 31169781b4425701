import { describe, expect, it } from 'vitest';
import { createEventLedger } from '../../../../src/app/sources/event-ledger.js';
import { netlinkDrops, type MonitorSocket } from '../../../../src/backend/monitor-socket.js';
import type { Table } from '../../../../src/domain/model/ruleset.js';
import { MonitorParser, type RulesetGeneration } from '../../../../src/domain/text/monitor-events.js';

const gen = (line: string, pid: number): RulesetGeneration =>
  new MonitorParser().feed(` EVENT: ${line}\nNEWGEN: GENID=1 PID=${pid} NAME=x\n`)[0]!;
const table = (): Table => ({ name: 'filter', chains: [] });
const OWN = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A ledger whose monitor joins the event group when `joined` resolves, its socket reading as `state.socket` says. */
function ledger(joined: Promise<boolean> = Promise.resolve(true)) {
  const l = createEventLedger((pid) => pid === OWN);
  const state: { socket: MonitorSocket | null } = { socket: { listening: true, drops: 0 } };
  l.started(
    () => joined,
    async () => state.socket,
  );
  return { l, state };
}

describe('the event ledger: what a commit may trust of the ruleset events', () => {
  it('covers a read begun once the socket listens; says what came since', async () => {
    const { l } = ledger();
    await sleep(5);
    const t = table();
    l.rememberAll([t], l.mark());
    expect(l.since(t)).toEqual([]);
    const g = gen('-4 -t filter -A INPUT -j DROP', 7);
    l.generation(g);
    expect(l.since(t)).toEqual([g]);
    // A table it never saw read: not covered.
    expect(l.since(table())).toBeNull();
  });

  it('trusts nothing before the monitor listens, nor after it ended', async () => {
    let join: (ok: boolean) => void = () => {};
    const { l } = ledger(new Promise((r) => (join = r)));
    await sleep(5);
    expect(l.mark()).toBeNull();
    join(true);
    await sleep(5);
    expect(l.mark()).toBe(0);
    const t = table();
    l.remember(t, 0);
    l.ended();
    expect(l.mark()).toBeNull();
    expect(l.since(t)).toBeNull();
    // A monitor started again: reads from before the gap no longer count, until the new one listens.
    const read = table();
    const again = ledger().l;
    await sleep(5);
    again.generation(gen('-4 -t raw -N PROBE', 7));
    again.remember(read, again.mark()!);
    again.ended();
    let joinAgain: (ok: boolean) => void = () => {};
    again.started(
      () => new Promise((r) => (joinAgain = r)),
      async () => ({ listening: true, drops: 0 }),
    );
    expect(again.mark()).toBeNull();
    joinAgain(true);
    await sleep(5);
    expect(again.mark()).not.toBeNull();
    expect(again.since(read)).toBeNull();
    expect(await again.ownAfter(1, 'ipv4', 'filter', 20)).toBeNull();
    // Never seen listening: nothing trusted.
    const never = ledger(Promise.resolve(false)).l;
    await sleep(5);
    expect(never.mark()).toBeNull();
  });

  it("finds fwtui's own write after a mark and what came before; null on timeout or lost events", async () => {
    const { l, state } = ledger();
    await sleep(5);
    const other = gen('-4 -t filter -A INPUT -j DROP', 7);
    const own = gen('-4 -t filter -A INPUT -j ACCEPT', OWN);
    const waiting = l.ownAfter(0, 'ipv4', 'filter', 1000);
    l.generation(gen('-4 -t nat -A POSTROUTING -j MASQUERADE', OWN));
    l.generation(other);
    l.generation(own);
    expect(await waiting).toEqual({ own, between: [expect.anything(), other], mark: 3 });
    expect(await l.ownAfter(3, 'ipv4', 'filter', 30)).toBeNull();
    state.socket = { listening: true, drops: 2 };
    expect(await l.ownAfter(0, 'ipv4', 'filter', 30)).toBeNull();
    // Events were lost: nothing is trusted any more.
    expect(l.mark()).toBeNull();
  });
});

describe('the monitor socket in /proc/PID/net/netlink', () => {
  const TEXT = [
    'sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode',
    '00000000552c65b5 12  0          00000000 0        0        0     2        5        15859549',
    '00000000fc0b8e50 12  7291       00000000 0        0        0     2        0        15859814',
    '000000003850c59f 12  3619979618 00000040 0        0        0     2        3        15859815',
  ].join('\n');
  it("counts the drops of the process's own sockets only", () => {
    expect(netlinkDrops(TEXT, new Set(['15859814', '15859815']))).toBe(3);
    expect(netlinkDrops(TEXT, new Set(['15859814']))).toBe(0);
  });
});

describe('the event ledger with a monitor of one family (-e -4: IPv6 commits come as bare generations)', () => {
  it("vouches for that family's reads only; the other family's are read in full, at once", async () => {
    const l = createEventLedger((pid) => pid === OWN);
    l.started(
      async () => true,
      async () => ({ listening: true, drops: 0 }),
      'ipv4',
    );
    await sleep(5);
    const [v4, v6] = [table(), table()];
    l.rememberAll([v4], l.mark(), 'ipv4');
    l.rememberAll([v6], l.mark(), 'ipv6');
    // ip6tables-nft under -e -4: NEWGEN with no EVENT line (measured).
    l.generation(new MonitorParser().feed('NEWGEN: GENID=2 PID=7 NAME=ip6tables-nft\n')[0]!);
    expect(l.since(v4)).toHaveLength(1);
    expect(l.since(v6)).toBeNull();
    const started = Date.now();
    expect(await l.ownAfter(l.mark()!, 'ipv6', 'filter', 2000)).toBeNull();
    expect(Date.now() - started).toBeLessThan(100);
    // A table remembered without its family is vouched for only by a monitor of both families.
    const unknown = table();
    l.remember(unknown, l.mark()!);
    expect(l.since(unknown)).toBeNull();
  });

  it('shares a read under way begun while trusted, until it ends; not one begun before, nor a failed one', async () => {
    const { l } = ledger();
    expect(l.underWay?.('ipv4', 'filter')).toBeNull();
    // Begun before the monitor listened (no mark): not offered.
    l.reading('ipv4', null, Promise.resolve([table()]));
    expect(l.underWay?.('ipv4', 'filter')).toBeNull();
    await sleep(5);
    let answer: (ts: Table[]) => void = () => {};
    const t = table();
    l.reading('ipv4', l.mark(), new Promise((r) => (answer = r)));
    expect(l.underWay?.('ipv6', 'filter')).toBeNull();
    const shared = l.underWay?.('ipv4', 'filter');
    const nat = l.underWay?.('ipv4', 'nat');
    answer([t]);
    expect(await shared).toBe(t);
    expect(await nat).toBeNull();
    await sleep(1);
    expect(l.underWay?.('ipv4', 'filter')).toBeNull();
    // A read of one table is offered for that table only; a failed read answers null.
    l.reading('ipv4', l.mark(), Promise.reject(new Error('gone')), 'nat');
    expect(l.underWay?.('ipv4', 'filter')).toBeNull();
    expect(await l.underWay?.('ipv4', 'nat')).toBeNull();
  });
});
