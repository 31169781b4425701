import { describe, expect, it, vi } from 'vitest';
import { withFilterTable } from '../../../src/domain/model/ruleset.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import type { BootPort, SavedFamilyDiff } from '../../../src/domain/ports/firewall-source.js';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';
import { confirmOf } from '../../../src/store/selectors.js';

function fakeBoot(diffs: SavedFamilyDiff[]) {
  const calls: string[] = [];
  const state = { diffs };
  const port: BootPort = {
    target: '/etc/iptables/rules.v4 + rules.v6 (netfilter-persistent)',
    warnings: [],
    diff: async (known) => {
      calls.push(`diff knowing ${(known ?? []).map((r) => r.family).join(',')}`);
      return state.diffs;
    },
    save: async () => {
      calls.push('save');
      state.diffs = [];
      return 'Saved IPv4 to /etc/iptables/rules.v4; loaded at boot by netfilter-persistent.\n';
    },
  };
  return { port, calls };
}

const V4_DIFF: SavedFamilyDiff = {
  family: 'ipv4',
  path: '/etc/iptables/rules.v4',
  lines: [{ kind: '+', text: '-A INPUT -j ACCEPT' }],
  problem: null,
};

describe('saving for boot in the view', () => {
  const unloaded =
    'an IPv6 filter table shown only as iptables -L shows an unloaded one is not compared as running rules';
  it(unloaded, async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4(), ipv6: '' });
    // As the live source reads a family with no table text.
    const read = source.read.bind(source);
    source.read = async (family) => {
      const r = await read(family);
      return { ...r, ruleset: withFilterTable(r.ruleset) };
    };
    const known: string[] = [];
    source.boot = {
      ...fakeBoot([]).port,
      diff: async (rs) => {
        known.push(...(rs ?? []).map((r) => `${r.family}: ${r.tables.map((t) => t.name).join(',')}`));
        return [];
      },
    };
    const store = createAppStore({ source });
    await store.getState().actions.load();
    await store.getState().actions.selectFamily('ipv6');
    expect(store.getState().views.ipv6?.tables.map((t) => t.name)).toEqual(['filter']);
    known.length = 0;
    await store.getState().actions.checkSaved();
    expect(known).toEqual(['ipv4: filter,nat', 'ipv6: ']);
  });

  it('compares after loading, asks on S, saves on yes and compares again', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    const { port, calls } = fakeBoot([V4_DIFF]);
    source.boot = port;
    const store = createAppStore({ source });
    const a = store.getState().actions;
    await a.load();
    await a.checkSaved();
    expect(store.getState().boot).toMatchObject({ target: port.target, diffs: [V4_DIFF] });
    // The family the view already read is handed over, not read again.
    expect(calls).toContain('diff knowing ipv4');
    a.askSave();
    expect(confirmOf(store.getState())?.question).toBe(
      'Save the running rules to /etc/iptables/rules.v4 + rules.v6 (netfilter-persistent) ' +
        '(the running IPv4 rules differ from the saved ones)?',
    );
    await a.confirmYes();
    expect(calls).toContain('save');
    expect(store.getState().notice).toMatch(/^Saved IPv4/);
    expect(store.getState().boot?.diffs).toEqual([]);
  });

  it('refuses to save while a commit is pending, and is absent for a saved file', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    source.boot = fakeBoot([V4_DIFF]).port;
    const store = createAppStore({ source });
    await store.getState().actions.load();
    store.getState().actions.showPending({ id: 'ffffffffffffffff', deadline: 1, summary: [] }, false);
    store.getState().actions.askSave();
    expect(store.getState().overlay).toBeNull();
    expect(store.getState().notice).toMatch(/a commit is pending: confirm it \(Y\) before saving/);
    const offline = createAppStore({ source: new FakeSource(false, { ipv4: RULES_V4() }) });
    await offline.getState().actions.load();
    offline.getState().actions.askSave();
    expect(offline.getState().notice).toBe('a saved file is written with c/w, not S');
  });
});

describe("saving a namespace's rules to the host's boot files (--netns without --root)", () => {
  const saysBoot =
    "S says the namespace's rules would go to this host's boot files and asks explicitly; the header says it too";
  it(saysBoot, async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    const fake = fakeBoot([V4_DIFF]);
    source.boot = { ...fake.port, hostFilesFromNetns: 'lab1' };
    const store = createAppStore({ source });
    await store.getState().actions.load();
    await store.getState().actions.checkSaved();
    store.getState().actions.askSave();
    expect(confirmOf(store.getState())?.question).toBe(
      "Save the rules of network namespace lab1 to THIS HOST's boot files " +
        '/etc/iptables/rules.v4 + rules.v6 (netfilter-persistent) ' +
        '(the running IPv4 rules differ from the saved ones)? ' +
        "At boot they load into the host's own firewall.",
    );
    const { view, press } = await renderApp(source, { columns: 200, rows: 24 });
    await vi.waitFor(() =>
      expect(view.lastFrame()).toContain("S saves netns lab1's rules to this host's /etc/iptables/rules.v4"),
    );
    // Only a typed y saves into the host's boot files: Enter says no.
    await press(
      'S',
      (f) => f.includes('[y yes, n/Esc/Enter no] Save the rules of network namespace lab1'),
      'the question',
    );
    await press('\r', (f) => !f.includes('Save the rules of network namespace lab1'), 'the question closed');
    expect(fake.calls).not.toContain('save');
    view.unmount();
  });

  it('D with nothing saved yet says so, not an empty diff header', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    source.boot = fakeBoot([
      { family: 'ipv4', path: '/etc/iptables/rules.v4', lines: [], problem: null, missing: true },
    ]).port;
    const { view, press } = await renderApp(source, { columns: 120, rows: 24 });
    const frame = await press('D', (f) => f.includes('nothing is saved'), 'the saved view');
    expect(frame).toContain('nothing is saved at /etc/iptables/rules.v4 yet (S saves the running IPv4 rules there)');
    expect(frame).not.toContain('--- /etc/iptables/rules.v4');
    // The header counts it as not saved.
    expect(frame).toContain('not saved for boot');
    view.unmount();
  });
});

describe('running vs saved at start', () => {
  it('is compared after the first frame (in idle time), not while the rules are being shown', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    const boot = fakeBoot([V4_DIFF]);
    source.boot = boot.port;
    const idle: (() => void)[] = [];
    const store = createAppStore({ source, idle: (work) => idle.push(work) });
    await store.getState().actions.load();
    expect(store.getState().status).toBe('loaded');
    expect(boot.calls).toEqual([]);
    for (const work of idle.splice(0)) work();
    await vi.waitFor(() => expect(store.getState().boot?.diffs).toEqual([V4_DIFF]));
    expect(boot.calls).toEqual(['diff knowing ipv4']);
  });
});
