/** Issue #17: what a new admin found in the sets panel: hints that work, `/` in the list, Esc, stale messages. */
import { describe, expect, it, vi } from 'vitest';
import { parseIpsetSave } from '../../../src/domain/sets/parse-ipset.js';
import { helpEntries } from '../../../src/ui/format/help-pages.js';
import { SET_MEMBERS_KEYS, SETS_KEYS } from '../../../src/ui/sets/sets-keys.js';
import { FakeSource } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';
import { SET_RULES, SETS_TEXT } from '../../helpers/set-store.js';

async function app() {
  const source = new FakeSource(true, { ipv4: SET_RULES });
  const sets = parseIpsetSave(SETS_TEXT);
  source.sets = vi.fn(async () => ({ byName: new Map(sets.map((s) => [s.name, s])) }));
  return { source, ...(await renderApp(source, { columns: 80, rows: 24 })) };
}
const settle = () => new Promise((r) => setTimeout(r, 120));

describe('the sets panel after a staged edit (#17)', () => {
  it('the bottom bar names only keys of the panel; c opens the review', async () => {
    const r = await app();
    await r.press('s', (f) => f.includes('IP sets: 2'), 'the sets list');
    await r.press('a', (f) => f.includes('Add to blacklist'), 'the add prompt');
    await r.press('192.0.2.9', (f) => f.includes('192.0.2.9'), 'the typed member');
    await r.press('\r', (f) => /blacklist .* 3 /.test(f), 'the staged member');
    const frame = r.frame();
    for (const dead of ['i new', 'e edit', 'd del', 'K/J move', 'Enter follow']) expect(frame).not.toContain(dead);
    expect(frame).toContain('c review');
    await r.press('c', (f) => f.includes('Review 1 staged edit(s)'), 'the review');
    r.view.unmount();
  });

  it('/ in the list finds a set by name; help and the footer say where / works', async () => {
    const r = await app();
    await r.press('s', (f) => f.includes('IP sets: 2'), 'the sets list');
    expect(r.frame()).toContain('/ find set');
    await r.press('/', (f) => f.includes('Find a set'), 'the find prompt');
    await r.press('f2b\r', (f) => f.includes('f2b-sshd: hash:ip'), 'the set found');
    expect(helpEntries(SETS_KEYS).find((e) => e.keys === '/')?.text).toMatch(/^find a set by name/);
    expect(helpEntries(SET_MEMBERS_KEYS).find((e) => e.keys === '/')?.text).toMatch(/^find members/);
    r.view.unmount();
  });

  it('Esc on a filtered member list clears the filter first, then goes back; no stale message', async () => {
    const r = await app();
    await r.press('s', (f) => f.includes('IP sets: 2'), 'the sets list');
    await r.press('\r', (f) => f.includes('Set blacklist: 2 members'), 'the members');
    await r.press('/', (f) => f.includes('Find in blacklist'), 'the find prompt');
    await r.press('203.0.113.77\r', (f) => f.includes('1 found for 203.0.113.77'), 'the hit');
    expect(r.frame()).toContain('Esc all members');
    await r.press('\u001b', (f) => f.includes('(1-2 of 2)'), 'all members again');
    await r.press('/', (f) => f.includes('Find in blacklist'), 'the find prompt');
    await r.press('zzz\r', (f) => f.includes('nothing in blacklist matches zzz'), 'the miss said at once');
    await r.press('\u001b', (f) => !f.includes('nothing in blacklist matches'), 'the miss gone with its moment');
    await r.press('\u001b', (f) => f.includes('IP sets: 2'), 'the list');
    await r.press('\u001b', (f) => !f.includes('IP sets'), 'the rules');
    await settle();
    expect(r.frame()).not.toContain('matches zzz');
    r.view.unmount();
  });
});
