/** The sets panel on screen at 80x24: the list, a set's members with counters, search, the rules using a set. */
import { describe, expect, it, vi } from 'vitest';
import { parseIpsetSave } from '../../../src/domain/sets/parse-ipset.js';
import { FakeSource } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';
import { SET_RULES, SETS_TEXT } from '../../helpers/set-store.js';

async function app(text = SETS_TEXT, size = { columns: 80, rows: 24 }) {
  const source = new FakeSource(true, { ipv4: SET_RULES });
  const sets = parseIpsetSave(text);
  source.sets = vi.fn(async () => ({ byName: new Map(sets.map((s) => [s.name, s])) }));
  return { source, ...(await renderApp(source, size)) };
}

describe('the sets panel', () => {
  it('s lists the sets with type, family, entries, flags and the foreign label; the selected one in full', async () => {
    const r = await app();
    const frame = await r.press('s', (f) => f.includes('IP sets: 2'), 'the sets list');
    expect(frame).toMatch(/ {2}blacklist hash:net {6}inet {8}2 .* counters/);
    expect(frame).toContain('f2b-sshd  hash:ip       inet        1');
    const second = await r.press('j', (f) => f.includes('f2b-sshd: hash:ip'), 'the second set in full');
    // Cut in its row at 80 columns, whole in the set's line below.
    expect(second.replace(/\n/g, ' ')).toContain(
      'timeout 600; belongs to fail2ban: read-only unless you say to edit it anyway. Used by: no rule',
    );
    expect(second).toMatch(/belongs to\s+fail2ban: read-only/);
    r.view.unmount();
  });

  it('Enter shows the members with their counters; / finds the hash:net entry containing an address', async () => {
    const r = await app();
    await r.press('s', (f) => f.includes('IP sets: 2'), 'the sets list');
    const members = await r.press('\r', (f) => f.includes('Set blacklist: 2 members'), 'the members');
    expect(members).toContain('203.0.113.0/24  packets 3 bytes 180');
    expect(members).toContain('198.51.100.7  packets 0 bytes 0');
    await r.press('/', (f) => f.includes('Find in blacklist'), 'the find prompt');
    const found = await r.press('203.0.113.77\r', (f) => f.includes('1 found for 203.0.113.77'), 'the hit');
    expect(found).toContain('203.0.113.0/24');
    expect(found).not.toContain('198.51.100.7');
    r.view.unmount();
  });

  it('r lists the rules that use the set; Enter goes to the rule', async () => {
    const r = await app();
    await r.press('s', (f) => f.includes('IP sets: 2'), 'the sets list');
    const users = await r.press('r', (f) => f.includes('Rules using set blacklist: 1'), 'the rules using it');
    expect(users).toContain('IPv4 filter INPUT rule 2: -m set --match-set blacklist src -j DROP');
    const rule = await r.press('\r', (f) => f.includes('rule 2/2'), 'the rule selected');
    expect(rule).not.toContain('Rules using set');
    r.view.unmount();
  });

  it('Enter on a rule with --match-set opens its set', async () => {
    const r = await app();
    await r.press('j', (f) => f.includes('rule 2/2'), 'rule 2');
    await r.press('\r', (f) => f.includes('Set blacklist: 2 members'), 'the set of the rule');
    r.view.unmount();
  });

  it('ipset missing: the panel says so with the install hint', async () => {
    const source = new FakeSource(true, { ipv4: SET_RULES });
    source.sets = async () => ({ byName: null, unreadable: 'ipset is not installed: apt-get install ipset' });
    const r = await renderApp(source);
    const frame = await r.press('s', (f) => f.includes('could not be read'), 'the problem');
    expect(frame).toContain('The sets could not be read: ipset is not installed: apt-get install ipset');
    r.view.unmount();
  });

  it('a staged new set and its members show as staged; the review says it in plain words', async () => {
    const r = await app();
    await r.press('s', (f) => f.includes('IP sets: 2'), 'the sets list');
    await r.press('n', (f) => f.includes('New IPv4 set'), 'the create prompt');
    await r.press('badguys hash:net\r', (f) => f.includes('IP sets: 3'), 'the new set');
    expect(r.frame()).toMatch(/\+ badguys/);
    await r.press('a', (f) => f.includes('Add to badguys'), 'the add prompt');
    await r.press('203.0.113.5\n198.51.100.0/24\n', (f) => f.includes('[2 lines'), 'the pasted lines');
    await r.press('\r', (f) => /\+ badguys .* 2 /.test(f), 'two members staged');
    await r.press('\u001b', (f) => !f.includes('IP sets'), 'the rules again');
    const review = await r.press('c', (f) => f.includes('Review 2 staged edit(s)'), 'the review');
    expect(review.replace(/\s+/g, ' ')).toContain(
      'set badguys: created hash:net inet; 2 members added: 203.0.113.5, 198.51.100.0/24',
    );
    r.view.unmount();
  });
});

describe('the rules using a set at 80 columns', () => {
  it('a long rule is wrapped, never cut', async () => {
    const long =
      '-A INPUT -p tcp -m multiport --dports 22,80,443,8080,8443 -m set --match-set blacklist src ' +
      '-m comment --comment "blocked by the weekly list" -j REJECT --reject-with tcp-reset';
    const source = new FakeSource(true, {
      ipv4: SET_RULES.replace('-A INPUT -m set --match-set blacklist src -j DROP', long),
    });
    const sets = parseIpsetSave(SETS_TEXT);
    source.sets = vi.fn(async () => ({ byName: new Map(sets.map((s) => [s.name, s])) }));
    const r = await renderApp(source);
    await r.press('s', (f) => f.includes('IP sets: 2'), 'the sets list');
    const users = await r.press('r', (f) => f.includes('Rules using set blacklist: 1'), 'the rules using it');
    expect(users.replace(/\n\s*/g, ' ')).toContain(`IPv4 filter INPUT rule 2: ${long.slice('-A INPUT '.length)}`);
    r.view.unmount();
  });
});

describe('the panel under its prompts and help', () => {
  it('Esc on its prompt and ? then ? again come back to the panel', async () => {
    const r = await app();
    await r.press('s', (f) => f.includes('IP sets: 2'), 'the sets list');
    await r.press('n', (f) => f.includes('New IPv4 set'), 'the create prompt');
    await r.press('\u001b', (f) => f.includes('IP sets: 2') && !f.includes('New IPv4 set'), 'the panel again');
    await r.press('?', (f) => f.includes('Keys (? or Esc closes'), 'help');
    await r.press('?', (f) => f.includes('IP sets: 2'), 'the panel after help');
    await r.press('j', (f) => f.includes('f2b-sshd: hash:ip'), 'the panel keys still work');
    r.view.unmount();
  });
});
