import { describe, expect, it } from 'vitest';
import type { Protect } from '../../../src/domain/analysis/lockout.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';
import { commitOf } from '../../../src/store/selectors.js';

const ME: Protect = {
  how: 'own',
  sshPorts: [22],
  sessions: [
    {
      family: 'ipv4',
      client: '203.0.113.9',
      clientPort: 50000,
      server: '10.0.0.1',
      serverPort: 22,
      inInterface: 'eth0',
    },
  ],
};

async function reviewing(moves: number) {
  const source = new FakeSource(true, { ipv4: RULES_V4() });
  source.protect = async () => ME;
  const store = createAppStore({ source });
  const a = store.getState().actions;
  await a.load();
  a.setFocus('rules');
  // The RELATED,ESTABLISHED accept is rule 1 of INPUT: move it below the REJECT.
  for (let i = 0; i < moves; i++) a.shiftRule(1);
  a.openCommit();
  await a.checkLockout();
  return { store, a, source };
}

describe('the lockout check in the commit review', () => {
  it('warns with the rule, refuses y until LOCKOUT is typed, then applies', async () => {
    const { store, a, source } = await reviewing(3);
    const check = commitOf(store.getState())?.lockout;
    expect(check?.who).toBe('checked your SSH connection 203.0.113.9:50000 -> 10.0.0.1:22');
    expect(check?.warnings[0]).toBe(
      'IPv4: SSH 203.0.113.9:50000 -> 10.0.0.1:22: its next packet in would be rejected ' +
        'by filter INPUT rule 3 (-A INPUT -j REJECT --reject-with icmp-proto-unreachable)',
    );
    await a.applyCommit();
    expect(store.getState().notice).toMatch(/may lock you out: type LOCKOUT/);
    expect(commitOf(store.getState())?.state).toBe('review');
    for (const c of 'LOCKOUX') a.typeLockout(c);
    a.typeLockout(null);
    await a.applyCommit();
    expect(commitOf(store.getState())).not.toBeNull();
    a.typeLockout('T');
    await a.applyCommit();
    expect(commitOf(store.getState())).toBeNull();
    expect((await source.read('ipv4')).ruleset.tables[0]!.chains[0]!.rules[3]!.spec).toMatch(/RELATED,ESTABLISHED/);
  });

  it('stays quiet (and says whom it checked) when SSH stays open', async () => {
    const { store, a } = await reviewing(1);
    expect(commitOf(store.getState())?.lockout).toMatchObject({ state: 'done', warnings: [] });
    await a.applyCommit();
    expect(commitOf(store.getState())).toBeNull();
  });

  it('holds a y pressed while the check runs, and says so until the check has answered', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    let answer: (p: Protect) => void = () => {};
    source.protect = () => new Promise<Protect>((resolve) => (answer = resolve));
    const store = createAppStore({ source });
    const a = store.getState().actions;
    await a.load();
    a.setFocus('rules');
    a.shiftRule(1);
    a.openCommit();
    await a.applyCommit();
    expect(store.getState().notice).toBe('checking whether these rules cut off SSH…');
    expect(commitOf(store.getState())?.state).toBe('review');
    answer(ME);
    await new Promise((r) => setTimeout(r, 0));
    expect(commitOf(store.getState())?.lockout?.state).toBe('done');
    expect(store.getState().notice).toBe('lockout check done: y applies');
    await a.applyCommit();
    expect(commitOf(store.getState())).toBeNull();
  });
});

describe('what the review says when the lockout check has no warning', () => {
  const ENDS_IN_REJECT = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
-A INPUT -j REJECT --reject-with icmp-port-unreachable
COMMIT
`;

  it('rules that already REJECT SSH, then p d: "already blocked by rule 4", not "SSH stays open"', async () => {
    const source = new FakeSource(true, { ipv4: ENDS_IN_REJECT });
    source.protect = async () => ({ how: 'none', sshPorts: [22], sessions: [] });
    const store = createAppStore({ source });
    const a = store.getState().actions;
    await a.load();
    a.askPolicy();
    a.setPolicy('DROP');
    a.openCommit();
    await a.checkLockout();
    const check = commitOf(store.getState())?.lockout;
    expect(check?.warnings).toEqual([]);
    expect(check?.summary).toEqual([
      [
        'SSH is already blocked by filter INPUT rule 4 of the running rules; these edits do not change that:',
        'a new SSH connection (port 22) from an arbitrary address would be rejected by filter INPUT rule 4',
        '(-A INPUT -j REJECT --reject-with icmp-port-unreachable).',
      ].join(' '),
    ]);
  });

  it('says "SSH stays open" when every checked packet is accepted', async () => {
    const { store } = await reviewing(1);
    expect(commitOf(store.getState())?.lockout?.summary).toEqual(['SSH stays open.']);
  });
});
