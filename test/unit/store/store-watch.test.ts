import { describe, expect, it } from 'vitest';
import type { WatchListener, WatchPort } from '../../../src/domain/ports/watch-port.js';
import type { WatchReport } from '../../../src/domain/text/watch-lines.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { watchPanelLines, watchedIndexes } from '../../../src/ui/watch/watch-lines.js';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';

/** A port that records what the store asked and lets the test play the kernel. */
function fakePort() {
  const calls: string[][] = [];
  let listener: WatchListener | null = null;
  let stops = 0;
  const port: WatchPort = {
    async start(words, _family, l) {
      if (words.includes('192.0.2.66')) throw new Error('watch is not available on legacy iptables');
      calls.push([...words]);
      listener = l;
      return {
        stop: async () => {
          stops++;
          l.ended('watch ended (stopped, 1 packet); its TRACE rule is removed', true);
        },
      };
    },
  };
  return { port, calls, listener: () => listener!, stops: () => stops };
}

const report = (verdict: 'ACCEPT' | 'DROP', numbers: number[]): WatchReport => ({
  number: 1,
  packet: {
    id: 'ab',
    family: 'ipv4',
    fields: { IN: 'eth0', SRC: '192.0.2.9', DST: '192.0.2.1', SPORT: '40000', DPORT: '22', SYN: '', LEN: '60' },
    steps: [
      {
        ...{ table: 'filter', chain: 'INPUT', kind: 'rule', handle: '0x9', verdict, target: null },
        ...{ rule: '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT', numbers },
      },
    ],
  },
  outcome: { verdict, at: null },
  prediction: 'differs',
  note: "fwtui's trace predicted DROP at filter INPUT #9; the kernel did ACCEPT at filter INPUT #2: please report",
});

async function setup() {
  const fake = fakePort();
  const source = Object.assign(new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 }), { watch: fake.port });
  const store = createAppStore({ source });
  await store.getState().actions.load();
  return { ...fake, store, s: () => store.getState() };
}

describe('W: watching real packets in the view', () => {
  it('asks for a filter, starts the port with it, marks the rules hit, keeps packets for the panel', async () => {
    const t = await setup();
    t.s().actions.askWatch();
    expect(t.s().overlay).toMatchObject({ kind: 'prompt', action: 'watch' });
    expect(await t.s().actions.runWatch('-p tcp --dport 22')).toBeNull();
    expect(t.calls).toEqual([['-p', 'tcp', '--dport', '22']]);
    expect(t.s().overlay).toBeNull();
    t.listener().packet(report('ACCEPT', [2]));
    t.listener().packet(report('ACCEPT', [2, 3]));
    expect(t.s().watch?.hits).toEqual(['filter INPUT 1']);
    expect(watchedIndexes(t.s().watch!.hits, 'filter', 'INPUT')).toEqual([1]);
    expect(watchedIndexes(t.s().watch!.hits, 'filter', 'OUTPUT')).toEqual([]);
    const panel = watchPanelLines(t.s().watch!, 8);
    expect(panel[0]).toContain('running (W stops)');
    expect(panel).toContain(`   !! ${report('ACCEPT', [2]).note}`);
  });

  it('W again stops the watch (its TRACE rule out) and says so; W once more closes the panel', async () => {
    const t = await setup();
    await t.s().actions.runWatch('-p tcp --dport 22');
    t.s().actions.askWatch();
    await new Promise((r) => setTimeout(r, 0));
    expect(t.stops()).toBe(1);
    expect(t.s().watch?.running).toBe(false);
    expect(t.s().notice).toBe('watch ended (stopped, 1 packet); its TRACE rule is removed');
    t.s().actions.askWatch();
    expect(t.s().watch).toBeNull();
  });

  it('a bad filter or a refused start is said in the prompt; nothing runs', async () => {
    const t = await setup();
    expect(await t.s().actions.runWatch('--state NEW')).toMatch(/before connection tracking/);
    expect(await t.s().actions.runWatch('  ')).toMatch(/marks every packet/);
    expect(await t.s().actions.runWatch('-p tcp --fail x')).toMatch(/does not describe a packet/);
    expect(await t.s().actions.runWatch('-p tcp -s 192.0.2.66')).toMatch(/not available on legacy/);
    expect(t.calls).toEqual([]);
    expect(t.s().watch).toBeNull();
  });

  it('without a watch port (a file, the demo sample) W says it is not available', async () => {
    const store = createAppStore({ source: new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 }) });
    await store.getState().actions.load();
    store.getState().actions.askWatch();
    expect(store.getState().notice).toMatch(/not available here/);
  });

  it('quitting while a watch is still starting stops it once it has started (no headless watch left)', async () => {
    let stops = 0;
    let started: (s: { stop(): Promise<void> }) => void = () => undefined;
    const slow = new Promise<{ stop(): Promise<void> }>((r) => {
      started = r;
    });
    const source = Object.assign(new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 }), {
      watch: { start: () => slow },
    });
    const store = createAppStore({ source });
    await store.getState().actions.load();
    const run = store.getState().actions.runWatch('-p tcp --dport 22');
    const quit = store.getState().actions.stopWatch();
    started({
      stop: async () => {
        stops++;
      },
    });
    await quit;
    await run;
    expect(stops).toBe(1);
    expect(store.getState().watch?.running ?? false).toBe(false);
  });
});
