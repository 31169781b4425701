/** The store is made of slices that each own their fields; their actions write only those (and the messages). */
import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../src/store/app-state.js';
import { initialAnalysis } from '../../../src/store/analysis-slice.js';
import { initialBoot } from '../../../src/store/boot-slice.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { initialExposure } from '../../../src/store/exposure-slice.js';
import { initialFirewall } from '../../../src/store/firewall-slice.js';
import { initialLogHits } from '../../../src/store/log-hits-slice.js';
import { initialLiveUpdates } from '../../../src/store/live-updates-slice.js';
import { initialMessages } from '../../../src/store/messages-slice.js';
import { initialNavigation } from '../../../src/store/navigation-slice.js';
import { initialOverlay } from '../../../src/store/overlay-slice.js';
import { initialPending } from '../../../src/store/pending-slice.js';
import { initialSearch } from '../../../src/store/search-slice.js';
import { initialShadows } from '../../../src/store/shadow-slice.js';
import type { AppActions } from '../../../src/store/slice.js';
import { initialSetStaging } from '../../../src/store/set-staging-slice.js';
import { initialSetsPanel } from '../../../src/store/sets-panel-slice.js';
import { initialStaging } from '../../../src/store/staging-slice.js';
import { initialConnections } from '../../../src/store/connections-slice.js';
import { initialRates } from '../../../src/store/rates-slice.js';
import { initialWatch } from '../../../src/store/watch-slice.js';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';

const SLICES = {
  firewall: initialFirewall(true, 'x'),
  navigation: initialNavigation(),
  search: initialSearch(),
  staging: initialStaging(),
  setStaging: initialSetStaging(),
  setsPanel: initialSetsPanel(),
  exposure: initialExposure(),
  pending: initialPending(),
  boot: initialBoot(),
  analysis: initialAnalysis(),
  shadows: initialShadows(),
  overlay: initialOverlay(),
  messages: initialMessages(),
  watch: initialWatch(),
  liveUpdates: initialLiveUpdates(),
  connections: initialConnections(),
  rates: initialRates(),
  logHits: initialLogHits(),
};
type SliceName = keyof typeof SLICES;
const fields = (...names: SliceName[]): string[] => names.flatMap((n) => Object.keys(SLICES[n]));

/** The fields `run` changed. */
async function written(run: (a: AppActions) => void | Promise<void>): Promise<string[]> {
  const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
  const store = createAppStore({ source, now: () => 1_000_000 });
  await store.getState().actions.load();
  const changed = new Set<string>();
  store.subscribe((s, prev) => {
    for (const k of Object.keys(s) as (keyof AppState)[]) if (s[k] !== prev[k]) changed.add(k);
  });
  await run(store.getState().actions);
  return [...changed].sort();
}

describe('store slices', () => {
  it('each field belongs to exactly one slice, and the slices make the whole state', () => {
    const all = fields(...(Object.keys(SLICES) as SliceName[]));
    expect(new Set(all).size).toBe(all.length);
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    const state = createAppStore({ source }).getState();
    expect(
      Object.keys(state)
        .filter((k) => k !== 'actions')
        .sort(),
    ).toEqual([...all].sort());
  });

  it.each<[string, SliceName[], (a: AppActions) => void | Promise<void>]>([
    [
      'navigation',
      ['navigation'],
      (a) => {
        a.moveRule(2);
        a.followJump();
        a.goBack();
        a.moveChain(1);
        a.moveRuleTo('last');
        a.nextTable();
        a.toggleFocus();
        a.toggleExact();
        a.scrollMatches(4);
        a.rowModeShown({ mode: 'compact', wideFits: true });
        a.toggleRowMode();
      },
    ],
    [
      'search',
      ['search', 'navigation'],
      (a) => {
        a.openSearch();
        a.setQuery('office');
        a.closeSearch(true);
        a.nextHit(-1);
        a.closeSearch(false);
      },
    ],
    [
      'analysis',
      ['analysis', 'overlay'],
      (a) => {
        a.openAnalysis();
        a.scrollAnalysis(3);
      },
    ],
    [
      'messages',
      ['messages', 'overlay'],
      (a) => {
        a.openHistory();
        a.scrollHistory(-2);
        a.logCommand({ at: 1, command: 'iptables-save', exitCode: 0, durationMs: 3, stderr: '' });
        a.dismissNotice();
      },
    ],
    [
      'connections',
      ['connections', 'overlay'],
      async (a) => {
        await a.openConnections();
        a.moveInConnections(1);
        await a.refreshConnections();
        await a.askDropConnection();
        a.closeConnections();
      },
    ],
    [
      'rates',
      ['rates', 'overlay', 'navigation'],
      (a) => {
        a.recordRates('ipv4', 'filter', new Map([['INPUT\u0000-j ACCEPT\u00000', 5]]), undefined, 1_000_000);
        a.openHottest();
        a.toggleHotBy();
        a.moveInHottest(1);
        a.jumpToHot();
      },
    ],
    [
      'overlay',
      ['overlay'],
      (a) => {
        a.toggleHelp();
        a.helpPage(1);
        a.closeOverlay();
      },
    ],
  ])('%s actions write only their own fields (and the messages)', async (_name, owners, run) => {
    const allowed = fields(...owners, 'messages');
    const touched = await written(run);
    expect(touched.length).toBeGreaterThan(0);
    expect(touched.filter((k) => !allowed.includes(k))).toEqual([]);
  });
});
