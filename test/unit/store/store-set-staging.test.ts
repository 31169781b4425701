/** Set edits staged in the view: create, add a pasted list, remove, destroy; undo, discard, the commit's set plans. */
import { describe, expect, it } from 'vitest';
import { setPlans } from '../../../src/store/set-staging.js';
import { openSet, shownSets } from '../../../src/store/set-selectors.js';
import { setStore } from '../../helpers/set-store.js';

/** 200 addresses, one a line, with a comment and a blank line. */
const ADDRESSES = Array.from({ length: 200 }, (_, i) => `198.18.${i >> 8}.${i & 255}`);
const LIST = `# blocklist of the week\n\n${ADDRESSES.join('\n')}\n`;

describe('staged set edits', () => {
  it('the commit says when the sets it is based on were read (members timing out since are not drift)', async () => {
    const { store, a, source } = await setStore();
    await a.openSets();
    const basisRead = store.getState().sets?.readAt;
    expect(basisRead).toBeGreaterThan(0);
    a.askAddMembers('blacklist');
    a.promptType('192.0.2.77');
    a.submitPrompt();
    await a.openSets(); // read again: the edits stay based on the first read
    expect(store.getState().sets?.readAt).toBeGreaterThan(basisRead!);
    a.openCommit();
    await a.applyCommit();
    expect(source.setCommits[0]!.map((p) => [p.name, p.readAt])).toEqual([['blacklist', basisRead]]);
  });

  it('n creates a set (family from the view), a paste adds 200 members, the commit carries one SetPlan', async () => {
    const { store, a, source } = await setStore();
    await a.openSets();
    a.askNewSet();
    a.promptType('badguys hash:net counters');
    a.submitPrompt();
    expect(store.getState().overlay).toEqual({ kind: 'sets' });
    expect(store.getState().setsPanel?.name).toBe('badguys');
    a.askAddMembers('badguys');
    a.promptType(LIST);
    a.submitPrompt();
    expect(store.getState().overlay).toEqual({ kind: 'sets' });
    const staged = shownSets(store.getState()).get('badguys')!;
    expect(staged).toMatchObject({ type: 'hash:net', family: 'inet', options: [{ name: 'counters', value: null }] });
    expect(staged.members).toHaveLength(200);
    const plans = setPlans(store.getState().setStaging);
    expect(plans.map((p) => [p.name, p.basis, p.staged?.members.length])).toEqual([['badguys', null, 200]]);

    a.openCommit();
    expect(store.getState().overlay?.kind).toBe('commit');
    await a.applyCommit();
    expect(source.setCommits).toHaveLength(1);
    expect(source.setCommits[0]!.map((p) => p.name)).toEqual(['badguys']);
    expect(source.commits[0]).toEqual([]);
    expect(store.getState().setStaging.edits).toHaveLength(0);
    expect(store.getState().notice).toBe('2 edit(s) applied');
    expect(store.getState().sets?.byName?.get('badguys')?.members).toHaveLength(200);
  });

  it('a source that did not make the staged set real: the notice says the kernel differs', async () => {
    const { store, a, source } = await setStore();
    source.applySets = undefined;
    a.removeMember('blacklist', '198.51.100.7');
    a.openCommit();
    await a.applyCommit();
    expect(store.getState().notice).toBe(
      'applied, but the kernel differs from what was staged: set blacklist holds 2 members, 1 member was staged',
    );
  });

  it('a pasted list with a bad line is refused whole, the error naming the line', async () => {
    const { store, a } = await setStore();
    await a.openSets();
    a.askAddMembers('blacklist');
    a.promptType('10.0.0.1\n10.0.0.300\n2001:db8::1');
    a.submitPrompt();
    const o = store.getState().overlay;
    expect(o?.kind === 'prompt' && o.error).toBe(
      'line 2: 10.0.0.300 is not an address; line 3: 2001:db8::1 is an IPv6 address in an IPv4 set',
    );
    expect(store.getState().setStaging.edits).toHaveLength(0);
  });

  it('create is validated: bad type, bad name, timeout not a number', async () => {
    const { store, a } = await setStore();
    await a.openSets();
    const error = (text: string): unknown => {
      a.askNewSet();
      a.promptType(text);
      a.submitPrompt();
      const o = store.getState().overlay;
      return o?.kind === 'prompt' ? o.error : null;
    };
    expect(error('x hash:mac')).toMatch(/^hash:mac: the view creates hash:ip, hash:net/);
    expect(error('a-name-that-is-far-too-long-for-ipset hash:ip')).toMatch(/1 to 31 characters/);
    expect(error('x hash:ip timeout soon')).toBe('timeout needs a number');
    expect(error('blacklist hash:ip')).toBe(null);
    expect(store.getState().notice).toBe('a set named blacklist exists already');
  });

  it('x removes a member; u undoes it; set and rule edits undo latest first', async () => {
    const { store, a } = await setStore();
    await a.openSetOf('blacklist');
    a.removeMember('blacklist', '198.51.100.7');
    expect(openSet(store.getState())?.members.map((m) => m.elem)).toEqual(['203.0.113.0/24']);
    a.closeSets();
    a.duplicateRule();
    expect(store.getState().staging.edits).toHaveLength(1);
    a.undo();
    expect(store.getState().staging.edits).toHaveLength(0);
    expect(store.getState().setStaging.edits).toHaveLength(1);
    a.undo();
    expect(store.getState().setStaging.edits).toHaveLength(0);
    a.redo();
    expect(store.getState().setStaging.edits).toHaveLength(1);
    a.redo();
    expect(store.getState().staging.edits).toHaveLength(1);
  });

  it('discard drops set edits too', async () => {
    const { store, a } = await setStore();
    a.removeMember('blacklist', '198.51.100.7');
    a.askDiscard();
    expect(store.getState().overlay).toMatchObject({ kind: 'confirm', question: 'Discard all 1 staged edit(s)?' });
    await a.confirmYes();
    expect(store.getState().setStaging.edits).toHaveLength(0);
    expect(store.getState().notice).toBe('discarded 1 staged edit(s)');
  });

  it('destroy is refused while a rule uses the set, naming it; an unused set is destroyed after a yes', async () => {
    const { store, a } = await setStore(
      `create blacklist hash:net family inet\ncreate spare hash:ip family inet\nadd spare 192.0.2.1\n`,
    );
    await a.openSets();
    a.askDestroySet('blacklist');
    expect(store.getState().notice).toBe('set blacklist is used by IPv4 filter INPUT rule 2: delete those rules first');
    a.askDestroySet('spare');
    expect(store.getState().overlay).toMatchObject({
      kind: 'confirm',
      question: 'Destroy set spare with its 1 member(s)?',
    });
    await a.confirmYes();
    expect(shownSets(store.getState()).has('spare')).toBe(false);
    expect(store.getState().overlay).toEqual({ kind: 'sets' });
  });

  it('a staged rule that uses a set also keeps it from being destroyed', async () => {
    const { store, a } = await setStore(`create spare hash:ip family inet\ncreate blacklist hash:net family inet\n`);
    a.stage({ kind: 'insert', chain: 'INPUT', at: 0, spec: '-m set --match-set spare src -j DROP' });
    a.askDestroySet('spare');
    expect(store.getState().notice).toBe('set spare is used by IPv4 filter INPUT rule 1: delete those rules first');
  });

  it("another program's set is read-only until the admin says to edit it anyway", async () => {
    const { store, a } = await setStore();
    await a.openSetOf('f2b-sshd');
    a.removeMember('f2b-sshd', '192.0.2.9');
    expect(store.getState().setStaging.edits).toHaveLength(0);
    const o = store.getState().overlay;
    expect(o?.kind === 'confirm' && o.question).toMatch(/^Set f2b-sshd belongs to fail2ban, .* Edit it anyway\?$/);
    await a.confirmYes();
    expect(store.getState().setStaging.edits).toHaveLength(1);
    expect(store.getState().overlay).toEqual({ kind: 'sets' });
  });

  it('the review lists set changes in plain words', async () => {
    const { store, a } = await setStore();
    await a.openSets();
    a.askNewSet();
    a.promptType('badguys hash:net');
    a.submitPrompt();
    a.askAddMembers('badguys');
    a.promptType('203.0.113.5, 198.51.100.0/24 10.1.2.3/8');
    a.submitPrompt();
    const { summarizeSets } = await import('../../../src/domain/sets/set-summary.js');
    expect(summarizeSets(setPlans(store.getState().setStaging))).toEqual([
      'set badguys: created hash:net inet; 3 members added: 203.0.113.5, 198.51.100.0/24, 10.0.0.0/8',
    ]);
  });
});

describe('staged sets in the panel', () => {
  it('a set staged to be destroyed stays listed, marked destroyed, until the commit', async () => {
    const { store, a } = await setStore(`create spare hash:ip family inet\ncreate blacklist hash:net family inet\n`);
    a.askDestroySet('spare');
    await a.confirmYes();
    const { setNames, setStagedState } = await import('../../../src/store/set-selectors.js');
    expect(setNames(store.getState())).toEqual(['blacklist', 'spare']);
    expect(setStagedState(store.getState(), 'spare')).toBe('destroyed');
  });
});

describe('the lockout check sees staged set members', () => {
  it("adding the admin's own network to the blacklist, with no rule change, is a lockout warning", async () => {
    const { store, a, source } = await setStore();
    source.protect = async () => ({
      how: 'own',
      sshPorts: [22],
      sessions: [
        {
          family: 'ipv4',
          client: '192.0.2.77',
          clientPort: 50000,
          server: '10.0.0.1',
          serverPort: 22,
          inInterface: 'eth0',
        },
      ],
    });
    // The blacklist DROP is rule 2, after the SSH accept: move it first, commit, then blacklist the admin.
    a.selectRule(1);
    a.shiftRule(-1);
    const { commitOf } = await import('../../../src/store/selectors.js');
    a.openCommit();
    await a.checkLockout();
    await a.applyCommit();
    expect(store.getState().staging.edits).toHaveLength(0);
    await a.openSets();
    a.askAddMembers('blacklist');
    a.promptType('192.0.2.0/24');
    a.submitPrompt();
    a.closeSets();
    a.openCommit();
    await a.checkLockout();
    expect(commitOf(store.getState())?.lockout?.warnings.join(' ')).toMatch(/^IPv4: .*blacklist/);
  });
});

describe('a rule on a set the same commit creates', () => {
  it("iptables' 'Set X doesn't exist' is no refusal when X is staged: the rule stages with the set", async () => {
    const { store, a, source } = await setStore();
    source.kernelSays = "iptables-restore v1.8.9 (nf_tables): Set badguys doesn't exist.";
    const rule = 'iptables -I INPUT 1 -m set --match-set badguys src -j DROP';
    expect(await a.runCommands(rule)).toMatch(/Set badguys doesn't exist/);
    await a.openSets();
    a.askNewSet();
    a.promptType('badguys hash:net');
    a.submitPrompt();
    a.closeSets();
    expect(await a.runCommands(rule)).toBeNull();
    expect(store.getState().staging.edits).toHaveLength(1);
    a.openCommit();
    await a.checkLockout();
    await a.applyCommit();
    expect(source.setCommits.at(-1)?.map((p) => p.name)).toEqual(['badguys']);
    expect(source.commits.at(-1)?.[0]?.staged.chains[0]?.rules[0]?.spec).toBe('-m set --match-set badguys src -j DROP');
  });
});
