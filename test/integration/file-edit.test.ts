/**
 * Editing a saved ruleset offline (--file): the commit writes the file back
 * atomically, keeps a backup and the file's mode, and a failed write leaves
 * the old file as it was.
 */
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/app/sources/firewall-sources.js';
import { parseSave } from '../../src/domain/text/parse-save.js';
import { createAppStore } from '../../src/store/create-app-store.js';
import { RULES_V4 } from '../helpers/fake-source.js';

describe('editing a saved file', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function open() {
    dir = mkdtempSync(join(tmpdir(), 'fwtui-file-'));
    const path = join(dir, 'rules.v4');
    writeFileSync(path, RULES_V4());
    chmodSync(path, 0o640);
    const store = createAppStore({ source: fileSource(path, parseSave(RULES_V4())) });
    await store.getState().actions.load();
    return { path, store, a: store.getState().actions };
  }

  it('w writes the staged rules atomically, keeping a backup and the mode', async () => {
    const { path, store, a } = await open();
    store.setState((s) => ({ cursor: { ...s.cursor, 'ipv4/filter/INPUT': 3 } }));
    a.shiftRule(-1);
    a.openCommit();
    await a.applyCommit();
    expect(store.getState().notice).toBe('1 edit(s) written to the file');
    const written = readFileSync(path, 'utf8');
    expect(
      written
        .split('\n')
        .filter((l) => l.includes('-A INPUT'))
        .map((l) => l.replace(/^\[\d+:\d+\] /, '')),
    ).toEqual([
      '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A INPUT -i lo -j ACCEPT',
      '-A INPUT -j REJECT --reject-with icmp-proto-unreachable',
      '-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j TCP',
    ]);
    // Counters of the file come along; the rest of the file is untouched.
    expect(written).toContain('[3:180] -A INPUT -j REJECT');
    expect(written).toContain('[7:420] -A POSTROUTING -o eth0 -j MASQUERADE');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(RULES_V4());
    expect(readdirSync(dir).sort()).toEqual(['rules.v4', 'rules.v4.bak']);
  });

  it('a FILE.bak symlink planted beforehand is replaced, not written through', async () => {
    const { path, store, a } = await open();
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, `${path}.bak`);
    store.setState((s) => ({ cursor: { ...s.cursor, 'ipv4/filter/INPUT': 3 } }));
    a.shiftRule(-1);
    a.openCommit();
    await a.applyCommit();
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(`${path}.bak`).isSymbolicLink()).toBe(false);
  });

  it('a failed write says why and leaves the old file alone', async () => {
    const { store, a } = await open();
    store.setState((s) => ({ cursor: { ...s.cursor, 'ipv4/filter/INPUT': 3 } }));
    a.shiftRule(-1);
    a.openCommit();
    // root ignores permission bits; a directory that is gone fails for everyone.
    rmSync(dir, { recursive: true, force: true });
    await a.applyCommit();
    expect(store.getState().notice).toMatch(
      /^cannot write .*rules\.v4: the directory does not exist; the old file is unchanged$/,
    );
    expect(store.getState().staging.edits).toHaveLength(1);
  });
});
