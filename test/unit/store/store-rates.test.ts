/** Rates come from two reads of the same table in a row: never from counters a table gathered before fwtui measured. */
import { describe, expect, it } from 'vitest';
import { hottestRules } from '../../../src/domain/diff/rate-history.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { FakeSource } from '../../helpers/fake-source.js';

/** `ssh` < 0: no ssh rule. */
const rules = (ssh: number, dnat: number) => `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
${ssh < 0 ? '' : `[${ssh}:${ssh * 60}] -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n`}COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
[${dnat}:${dnat * 60}] -A PREROUTING -p tcp -m tcp --dport 8081 -j DNAT --to-destination 10.77.2.2:80
COMMIT
`;

async function setup() {
  let clock = 1_000_000;
  const source = new FakeSource(true, { ipv4: rules(0, 0), ipv6: rules(0, 0) });
  const store = createAppStore({ source, now: () => clock });
  await store.getState().actions.load();
  const poll = async (ssh: number, dnat: number, ms = 1000) => {
    clock += ms;
    source.set('ipv4', rules(ssh, dnat));
    await store.getState().actions.refresh();
  };
  return { store, poll };
}

describe('rates from the counter polls', () => {
  it('the first poll after the family is read measures since that read, never the counters before it', async () => {
    const { store, poll } = await setup();
    await poll(500, 0, 2000);
    const h = store.getState().rateHistory['ipv4/filter']!;
    expect(h.spans).toEqual([2000]);
    expect([...h.byKey.values()][0]![0]!.packets).toBe(250);
    await poll(510, 0, 2000);
    expect(store.getState().rateHistory['ipv4/filter']!.byKey.values().next().value![1]!.packets).toBe(5);
  });

  it('after a switch to another table, its first poll gives no rate (the counters gathered meanwhile)', async () => {
    const { store, poll } = await setup();
    await poll(0, 0);
    await poll(0, 0);
    store.getState().actions.nextTable(); // nat, idle for fwtui so far but 2000 DNATs since it was read
    expect(store.getState().table).toBe('nat');
    await poll(0, 2000);
    expect(store.getState().rateHistory['ipv4/nat']?.polls ?? []).toEqual([]);
    expect(store.getState().views.ipv4?.rates.size).toBe(0);
    await poll(0, 2003);
    expect([...store.getState().rateHistory['ipv4/nat']!.byKey.values()][0]![0]!.packets).toBe(3);
    while (store.getState().table !== 'filter') store.getState().actions.nextTable();
    const filterPolls = store.getState().rateHistory['ipv4/filter']!.polls;
    await poll(900, 2003);
    expect(store.getState().rateHistory['ipv4/filter']!.polls).toEqual(filterPolls);
    await poll(900, 2003);
    // A family switch and back: the table's read before is still the one of the last poll, 1 s ago.
    await store.getState().actions.selectFamily('ipv6');
    await store.getState().actions.selectFamily('ipv4');
    await poll(950, 2003);
    expect(store.getState().rateHistory['ipv4/filter']!.byKey.values().next().value!.at(-1)!.packets).toBe(50);
    // Two minutes since the read before (the admin was elsewhere): more than the window, no rate.
    const polls = store.getState().rateHistory['ipv4/filter']!.polls;
    await poll(1950, 2003, 120_000);
    expect(store.getState().rateHistory['ipv4/filter']!.polls).toEqual(polls);
    expect(store.getState().views.ipv4?.rates.size).toBe(0);
  });
});

describe('a rule that is new, or whose counters went back, starts a new rate history', () => {
  const hot = (store: Awaited<ReturnType<typeof setup>>['store']) => {
    const h = store.getState().rateHistory['ipv4/filter'];
    return h ? hottestRules(h, 'packets').map((r) => r.key.split('\u0000')[1]) : [];
  };

  it('deleted and inserted again at the same place between two polls: no history of the old rule', async () => {
    const { store, poll } = await setup();
    await poll(100, 0);
    await poll(160, 0);
    expect(hot(store)).toEqual(['-p tcp -m tcp --dport 22 -j ACCEPT']);
    await poll(0, 0); // the same rule, counters 0: a new rule (or zeroed)
    expect(hot(store)).toEqual([]);
    await poll(3, 0);
    const h = store.getState().rateHistory['ipv4/filter']!;
    expect([...h.byKey.values()].map((s) => s.map((x) => x.packets))).toEqual([[3]]);
  });

  it('deleted in one poll and back in a later one: no history of the old rule', async () => {
    const { store, poll } = await setup();
    await poll(100, 0);
    await poll(160, 0);
    await poll(-1, 0);
    expect(hot(store)).toEqual([]);
    await poll(0, 0);
    expect(hot(store)).toEqual([]);
  });
});
