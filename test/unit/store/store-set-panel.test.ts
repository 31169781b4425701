/** The sets panel (s): the list, a set's members paged and searched, the rules using a set, Enter on a rule. */
import { describe, expect, it, vi } from 'vitest';
import { openSet } from '../../../src/store/set-selectors.js';
import { SET_RULES, SETS_TEXT, setStore } from '../../helpers/set-store.js';

describe('the sets panel', () => {
  it('s opens the list read from the namespace; Enter opens a set; Esc goes back, then out', async () => {
    const { store, a } = await setStore();
    await a.openSets();
    expect(store.getState().overlay?.kind).toBe('sets');
    expect(store.getState().setsPanel).toMatchObject({ view: 'list', name: 'blacklist' });
    a.moveInSets(1);
    expect(store.getState().setsPanel?.name).toBe('f2b-sshd');
    a.moveInSets(-1e9);
    a.enterInSets();
    expect(store.getState().setsPanel?.view).toBe('members');
    expect(openSet(store.getState())?.members.length).toBe(2);
    a.backInSets();
    expect(store.getState().setsPanel?.view).toBe('list');
    a.backInSets();
    expect(store.getState().overlay).toBeNull();
    expect(store.getState().setsPanel).toBeNull();
  });

  it('search: an address finds the hash:net entry that contains it; text finds entries containing it', async () => {
    const { store, a } = await setStore();
    await a.openSetOf('blacklist');
    a.searchSet('203.0.113.77');
    expect(store.getState().setsPanel?.hits).toEqual([0]);
    a.searchSet('51.100');
    expect(store.getState().setsPanel?.hits).toEqual([1]);
    a.searchSet('10.9.9.9');
    expect(store.getState().setsPanel?.hits).toEqual([]);
    expect(store.getState().notice).toBe('nothing in blacklist matches 10.9.9.9');
    a.searchSet('');
    expect(store.getState().setsPanel?.hits).toBeNull();
  });

  it('r lists the rules that use the set; Enter jumps to the rule', async () => {
    const { store, a } = await setStore();
    await a.openSets();
    a.showSetUsers();
    expect(store.getState().setsPanel?.view).toBe('users');
    a.enterInSets();
    await vi.waitFor(() => expect(store.getState().overlay).toBeNull());
    const s = store.getState();
    expect([s.table, s.chain, s.cursor['ipv4/filter/INPUT']]).toEqual(['filter', 'INPUT', 1]);
  });

  it('s on a rule with --match-set opens the panel on that set', async () => {
    const { store, a } = await setStore(`${SETS_TEXT}create aaa hash:ip family inet\n`);
    a.selectRule(1);
    await a.openSets();
    expect(store.getState().setsPanel?.name).toBe('blacklist');
  });

  it('pages: the cursor moves a page and stops at the ends', async () => {
    const many = Array.from({ length: 50 }, (_, i) => `add blacklist 10.0.${i}.0/24`).join('\n');
    const { store, a } = await setStore(`create blacklist hash:net family inet\n${many}\n`);
    await a.openSetOf('blacklist');
    a.moveInSets(20);
    expect(store.getState().setsPanel?.member).toBe(20);
    a.moveInSets(1e9);
    expect(store.getState().setsPanel?.member).toBe(49);
    a.moveInSets(-1e9);
    expect(store.getState().setsPanel?.member).toBe(0);
  });
});

describe('the members view after a staged change', () => {
  it('x on a search hit removes that member; the hits are found again; u brings it back', async () => {
    const { store, a } = await setStore(
      'create bl hash:net family inet\nadd bl 10.0.0.0/8\nadd bl 192.0.2.1\nadd bl 10.1.0.0/16\n',
      SET_RULES.replace('blacklist', 'bl'),
    );
    await a.openSetOf('bl');
    a.searchSet('10.1.2.3');
    expect(store.getState().setsPanel?.hits).toEqual([0, 2]);
    a.moveInSets(1);
    const { memberAt } = await import('../../../src/ui/sets/sets-keys.js');
    expect(memberAt(store.getState())).toBe('10.1.0.0/16');
    a.removeMember('bl', '10.1.0.0/16');
    expect(store.getState().setsPanel).toMatchObject({ hits: [0], member: 0 });
    expect(memberAt(store.getState())).toBe('10.0.0.0/8');
    a.undo();
    expect(store.getState().setsPanel?.hits).toEqual([0, 2]);
  });
});
