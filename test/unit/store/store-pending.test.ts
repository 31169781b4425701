import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../src/store/create-app-store.js';
import type { CommitFate, SafetyPort } from '../../../src/domain/ports/firewall-source.js';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';

/** Who reverts at the deadline, as the guard records it. */
const AT_DEADLINE = { by: 'the guard at the deadline', atDeadline: true };

/** A safety net whose answers the test sets. */
function fakeSafety() {
  const calls: string[] = [];
  const answers = {
    fate: { state: 'pending', guardAlive: true } as CommitFate,
    confirm: 'confirmed' as 'confirmed' | 'too-late' | 'nothing-pending',
    startPending: null as null | { id: string; deadline: number; summary: string[] },
  };
  const port: SafetyPort = {
    timeoutSec: 60,
    commandHint: (...words: string[]) => ['fwtui', ...words, '--netns', 'lab'].join(' '),
    async check() {
      calls.push('check');
      return {
        pending: answers.startPending,
        notice: answers.startPending ? 'You reconnected, so new connections work: commit x is pending' : null,
      };
    },
    async confirm(id: string) {
      calls.push(`confirm ${id}`);
      return answers.confirm;
    },
    async revert(id: string) {
      calls.push(`revert ${id}`);
      return { ok: true, messages: ['IPv4 filter: INPUT as before'] };
    },
    async fate() {
      return answers.fate;
    },
  };
  return { port, calls, answers };
}

async function appliedStore(clock = { t: 0 }) {
  const source = new FakeSource(true, { ipv4: RULES_V4() });
  const { port, calls, answers } = fakeSafety();
  source.safety = port;
  const store = createAppStore({ source, now: () => clock.t });
  const a = store.getState().actions;
  await a.load();
  a.setFocus('rules');
  a.moveRule(1);
  a.shiftRule(-1);
  a.openCommit();
  await a.applyCommit();
  return { store, a, answers, calls, source, clock };
}

describe('the safety net in the view', () => {
  it('an apply shows the countdown; Y keeps it', async () => {
    const { store, a, calls } = await appliedStore();
    expect(store.getState().pending).toMatchObject({
      id: '0123456789abcdef',
      deadline: 60_000,
      reconnected: false,
      busy: null,
    });
    a.openCommit();
    expect(store.getState().notice).toMatch(/a commit is pending: Y keeps it/);
    await a.keepCommit();
    expect(calls).toContain('confirm 0123456789abcdef');
    expect(store.getState().pending).toBeNull();
    expect(store.getState().notice).toMatch(/^Kept/);
  });

  it('Y after a revert made elsewhere says so, not that the deadline came first', async () => {
    const late = await appliedStore();
    late.answers.confirm = 'too-late';
    late.answers.fate = { state: 'reverted', messages: [], reverter: { by: 'fwtui revert', atDeadline: false } };
    await late.a.keepCommit();
    expect(late.store.getState().notice).toMatch(/^Reverted \(by fwtui revert\)/);
    expect(late.store.getState().pending).toBeNull();
  });

  it('Y during a revert made elsewhere: said as running and watched on (no deadline claimed)', async () => {
    const late = await appliedStore();
    late.answers.confirm = 'too-late';
    late.answers.fate = { state: 'reverting', trouble: null };
    await late.a.keepCommit();
    expect(late.store.getState().notice).toMatch(/^Too late to keep: this commit is being reverted/);
    expect(late.store.getState().pending).toMatchObject({ busy: null });
    late.answers.fate = { state: 'revert-failed', messages: ['lock'], reverter: AT_DEADLINE };
    await late.a.watchPending();
    expect(late.store.getState().notice).toMatch(/^REVERT FAILED at the deadline: lock/);
    // Nothing says how it ended and the deadline is still ahead: no deadline claimed.
    const gone = await appliedStore();
    gone.answers.confirm = 'too-late';
    gone.answers.fate = { state: 'gone' };
    await gone.a.keepCommit();
    expect(gone.store.getState().notice).toMatch(/^Too late: the commit is no longer pending/);
  });

  it('Y too late after the deadline says the guard put the old rules back; R reverts and re-reads', async () => {
    const late = await appliedStore();
    late.answers.confirm = 'too-late';
    late.answers.fate = { state: 'reverted', messages: [], reverter: AT_DEADLINE };
    await late.a.keepCommit();
    expect(late.store.getState().notice).toMatch(/^Time is up: the guard put the old rules back/);
    const r = await appliedStore();
    const reads = r.source.reads;
    await r.a.revertPending();
    expect(r.calls).toContain('revert 0123456789abcdef');
    expect(r.store.getState().notice).toMatch(/^Reverted: the old rules are back/);
    expect(r.source.reads).toBeGreaterThan(reads);
  });

  it('the guard settling it is noticed; a dead guard past the deadline makes the view revert', async () => {
    const g = await appliedStore();
    g.answers.fate = { state: 'reverted', messages: ['IPv4 filter: INPUT as before'], reverter: AT_DEADLINE };
    await g.a.watchPending();
    expect(g.store.getState().pending).toBeNull();
    expect(g.store.getState().notice).toMatch(/^Time is up: the guard put the old rules back/);
    const dead = await appliedStore();
    dead.answers.fate = { state: 'pending', guardAlive: false };
    dead.clock.t = 60_000 + 1000;
    await dead.a.watchPending();
    expect(dead.calls).not.toContain('revert 0123456789abcdef');
    dead.clock.t = 60_000 + 3500;
    await dead.a.watchPending();
    expect(dead.calls).toContain('revert 0123456789abcdef');
  });

  it('a revert the guard keeps retrying (a held xtables lock) is said loudly, and the countdown stays', async () => {
    const g = await appliedStore();
    const trouble =
      'REVERT NOT DONE YET: the unconfirmed rules are still in place; attempt 2 failed: IPv4 filter: lock held';
    g.answers.fate = { state: 'reverting', trouble };
    await g.a.watchPending();
    expect(g.store.getState().notice).toBe(trouble);
    expect(g.store.getState().pending).not.toBeNull();
    g.answers.fate = { state: 'reverted', messages: ['IPv4 filter: INPUT as before'], reverter: AT_DEADLINE };
    await g.a.watchPending();
    expect(g.store.getState().notice).toMatch(/^Time is up: the guard put the old rules back/);
  });

  it('a revert made elsewhere is told from the deadline; one it cannot tell claims neither', async () => {
    const other = await appliedStore();
    other.answers.fate = {
      state: 'reverted',
      messages: ['IPv4 filter: INPUT as before'],
      reverter: { by: 'fwtui revert', atDeadline: false },
    };
    await other.a.watchPending();
    expect(other.store.getState().pending).toBeNull();
    const words = other.store.getState().notice;
    expect(words).toMatch(/^Reverted \(by fwtui revert\): the old rules are back/);
    expect(words).not.toMatch(/Time is up|deadline/);
    const r = await appliedStore();
    r.answers.fate = { state: 'reverted', messages: [], reverter: { by: 'R in fwtui', atDeadline: false } };
    await r.a.watchPending();
    expect(r.store.getState().notice).toMatch(/^Reverted \(by R in fwtui\)/);
    const unknown = await appliedStore();
    unknown.answers.fate = { state: 'reverted', messages: [], reverter: null };
    await unknown.a.watchPending();
    expect(unknown.store.getState().notice).toMatch(
      /^The commit was reverted \(by its deadline or by a revert elsewhere\): the old rules are back/,
    );
    const failed = await appliedStore();
    failed.answers.fate = {
      state: 'revert-failed',
      messages: ['lock'],
      reverter: { by: 'fwtui revert', atDeadline: false },
    };
    await failed.a.watchPending();
    expect(failed.store.getState().notice).toMatch(/^REVERT FAILED \(by fwtui revert\): lock/);
  });

  it('at start, a commit left pending by a dropped connection is offered again', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    const { port, answers } = fakeSafety();
    answers.startPending = { id: 'ffffffffffffffff', deadline: 30_000, summary: [] };
    source.safety = port;
    const store = createAppStore({ source });
    await store.getState().actions.checkPendingAtStart();
    expect(store.getState().pending).toMatchObject({ id: 'ffffffffffffffff', reconnected: true });
    expect(store.getState().notice).toMatch(/You reconnected/);
  });
});

describe('watching a pending commit', () => {
  it('a state file it cannot read is said in the status line, not thrown, and the countdown stays', async () => {
    const { store, a, source } = await appliedStore();
    source.safety!.fate = async () => {
      throw new Error('record 0123456789abcdef: not owned by root');
    };
    await expect(a.watchPending()).resolves.toBeUndefined();
    expect(store.getState().notice).toBe(
      "cannot read the pending commit's state: record 0123456789abcdef: not owned by root (fwtui status --netns lab)",
    );
    expect(store.getState().pending).not.toBeNull();
  });
});

describe('keys while a commit is pending', () => {
  it('R reverts the pending commit, and renames a chain otherwise; Y keeps', async () => {
    const { bindingFor } = await import('../../../src/ui/keys/keymap.js');
    const { store } = await appliedStore();
    const key = {} as Parameters<typeof bindingFor>[1];
    expect(bindingFor('R', key, store.getState())?.command).toBe('revertNow');
    expect(bindingFor('Y', key, store.getState())?.command).toBe('keep');
    store.setState({ pending: null });
    expect(bindingFor('R', key, store.getState())?.command).toBe('renameChain');
  });
});

describe('a commit applied from another shell while the view is open', () => {
  it('shows its countdown once the poll sees the change, so q asks instead of quitting', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    const { port, answers } = fakeSafety();
    source.safety = port;
    const store = createAppStore({ source });
    const a = store.getState().actions;
    await a.load();
    expect(store.getState().pending).toBeNull();
    // Another shell: fwtui apply --no-wait adds a rule under a new pending commit.
    answers.startPending = { id: 'feedfacefeedface', deadline: 60_000, summary: ['filter INPUT: 1 added'] };
    source.set('ipv4', RULES_V4().replace('COMMIT', '-A INPUT -s 192.0.2.99/32 -j DROP\nCOMMIT'));
    await a.refresh();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().pending).toMatchObject({ id: 'feedfacefeedface' });
  });
});
