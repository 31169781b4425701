/**
 * Issue #17: a save must never leave boot with sets and rules that disagree. Every target is checked before
 * anything is written, and the files are written as one transaction: when one write fails, every file already
 * replaced (and every file moved aside) is put back, so the boot files are exactly as before, and the message says
 * so; when putting back fails, it names which file is in which state. Real files in a temporary root.
 */
import { existsSync } from 'node:fs';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BootLoader } from '../../../src/domain/boot/boot-loader.js';
import type { SetFile } from '../../../src/domain/boot/set-files.js';
import type { SetLoader } from '../../../src/domain/boot/set-loader.js';
import { emptyTable } from '../../../src/domain/model/ruleset.js';
import { saveBoot, SaveError } from '../../../src/persist/save-boot.js';

const LOADER: BootLoader = {
  kind: 'netfilter-persistent',
  name: 'netfilter-persistent',
  files: { ipv4: '/etc/iptables/rules.v4', ipv6: '/etc/iptables/rules.v6' },
  mode: 0o640,
  counters: false,
  backup: '.bak',
  enabled: true,
  warnings: [],
};
const DEBIAN_SETS: SetLoader = {
  name: 'ipset-persistent',
  kind: 'ipset-persistent',
  installed: true,
  enabled: true,
  layout: { kind: 'file', path: '/etc/iptables/ipsets' },
  mode: 0o640,
  todo: null,
  warnings: [],
} as SetLoader;
const RHEL_SETS: SetLoader = {
  ...DEBIAN_SETS,
  name: 'ipset-service',
  layout: { kind: 'dir', dir: '/etc/sysconfig/ipset.d', suffix: '.set', bare: false, alsoFile: '/etc/sysconfig/ipset' },
  mode: 0o600,
} as SetLoader;

const OLD_SETS = 'create old hash:ip family inet\nadd old 192.0.2.1\n';
const OLD_V4 = '*filter\n-A INPUT -m set --match-set old src -j DROP\nCOMMIT\n';
const OLD_V6 = '*filter\nCOMMIT\n';
const NEW_SETS: SetFile[] = [{ path: '/etc/iptables/ipsets', text: 'create new hash:ip family inet\n' }];

/** Every file below `dir` (hidden ones too) with its text or link target: the boot files' whole state. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const p = join(dir, name);
    const st = await lstat(p);
    if (st.isSymbolicLink()) out[name] = `-> ${await readlink(p)}`;
    else if (st.isFile()) out[name] = `${(st.mode & 0o7777).toString(8)} ${await readFile(p, 'utf8')}`;
    else out[name] = 'dir';
  }
  return out;
}

describe('a save is one transaction: sets and rules are saved together or not at all', () => {
  let base: string;
  let root: string;
  const rulesets = [
    { family: 'ipv4' as const, tables: [emptyTable('filter')], warnings: [] },
    { family: 'ipv6' as const, tables: [emptyTable('filter')], warnings: [] },
  ];
  const save = (sets: { loader: SetLoader; files: SetFile[] }, relabel?: (p: string) => Promise<void>) =>
    saveBoot({
      root,
      loader: LOADER,
      includeOwned: false,
      rulesets,
      check: async () => null,
      stamp: 't',
      sets,
      relabel,
    });

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'fwtui-tx-'));
    root = join(base, 'root');
    await mkdir(join(root, 'etc/iptables'), { recursive: true });
    await writeFile(join(root, 'etc/iptables/ipsets'), OLD_SETS, { mode: 0o640 });
    await writeFile(join(root, 'etc/iptables/rules.v6'), OLD_V6, { mode: 0o640 });
    await writeFile(join(root, 'etc/iptables/ipsets.bak'), 'older\n', { mode: 0o640 });
  });
  afterEach(async () => rm(base, { recursive: true, force: true }));

  it('rules.v4 a symbolic link: refused before the sets are written; ipsets still holds the old sets', async () => {
    await writeFile(join(base, 'v4'), OLD_V4);
    await symlink(join(base, 'v4'), join(root, 'etc/iptables/rules.v4'));
    const before = await snapshot(root);
    const err = await save({ loader: DEBIAN_SETS, files: NEW_SETS }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SaveError);
    expect((err as Error).message).toMatch(/rules\.v4 is a symbolic link.*nothing was saved \(make it a plain file\)$/);
    expect((err as Error).message).not.toMatch(/was saved\)/);
    expect(await snapshot(root)).toEqual(before);
  });

  it('rules.v6 fails after ipsets and rules.v4 were written: both put back, the files are as they were', async () => {
    await writeFile(join(root, 'etc/iptables/rules.v4'), OLD_V4, { mode: 0o640 });
    const before = await snapshot(root);
    const failOnV6 = async (p: string) => {
      if (p.endsWith('rules.v6')) throw new Error('restorecon failed');
    };
    const err = await save({ loader: DEBIAN_SETS, files: NEW_SETS }, failOnV6).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SaveError);
    expect((err as Error).message).toBe('restorecon failed; nothing was saved; the files are as they were');
    expect(await snapshot(root)).toEqual(before);
  });

  it('the second file refused mid-way (a link planted after the check): the first is put back', async () => {
    await writeFile(join(root, 'etc/iptables/rules.v4'), OLD_V4, { mode: 0o640 });
    const before = await snapshot(root);
    const plant = async (p: string) => {
      if (p.endsWith('ipsets')) {
        await unlink(join(root, 'etc/iptables/rules.v4'));
        await symlink('/nowhere', join(root, 'etc/iptables/rules.v4'));
      }
    };
    const err = await save({ loader: DEBIAN_SETS, files: NEW_SETS }, plant).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/rules\.v4 is a symbolic link.*; the files are as they were$/);
    const after = await snapshot(root);
    expect(after['etc/iptables/rules.v4']).toBe('-> /nowhere');
    expect({ ...after, 'etc/iptables/rules.v4': '' }).toEqual({ ...before, 'etc/iptables/rules.v4': '' });
  });

  it('putting back fails: the message names the file left with the new version and where the old one is', async () => {
    await writeFile(join(root, 'etc/iptables/rules.v4'), OLD_V4, { mode: 0o640 });
    const lose = async (p: string) => {
      if (!p.endsWith('rules.v6')) return;
      // The kept old ipsets vanishes: it cannot be put back.
      for (const n of await readdir(join(root, 'etc/iptables'))) {
        if (n.startsWith('.ipsets.') && !n.startsWith('.ipsets.bak')) await unlink(join(root, 'etc/iptables', n));
      }
      throw new Error('restorecon failed');
    };
    const err = await save({ loader: DEBIAN_SETS, files: NEW_SETS }, lose).catch((e: unknown) => e);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^restorecon failed; NOT everything could be put back: /);
    expect(msg).toContain(`${root}/etc/iptables/ipsets holds the new version (its old one could not be put back:`);
    expect(msg).toContain(`${root}/etc/iptables/rules.v4 is as it was`);
    expect(await readFile(join(root, 'etc/iptables/rules.v4'), 'utf8')).toBe(OLD_V4);
  });

  it('per-set directory: a set file moved aside and a new one written are undone when the rules fail', async () => {
    const dir = join(root, 'etc/sysconfig/ipset.d');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'old.set'), OLD_SETS);
    await writeFile(join(dir, '.old.set.bak'), 'older\n');
    await mkdir(join(dir, 'stray'), { recursive: true });
    await writeFile(join(dir, 'stray/x'), 'x\n');
    await writeFile(join(root, 'etc/sysconfig/ipset'), 'create older hash:ip family inet\n');
    await writeFile(join(root, 'etc/iptables/rules.v4'), OLD_V4, { mode: 0o640 });
    const before = await snapshot(root);
    const files = [{ path: '/etc/sysconfig/ipset.d/new.set', text: 'create new hash:ip family inet\n' }];
    const failOnV4 = async (p: string) => {
      if (p.endsWith('rules.v4')) throw new Error('restorecon failed');
    };
    const err = await save({ loader: RHEL_SETS, files }, failOnV4).catch((e: unknown) => e);
    expect((err as Error).message).toBe('restorecon failed; nothing was saved; the files are as they were');
    expect(await snapshot(root)).toEqual(before);
  });

  it('per-set dir: the second set file fails, the first is put back (not "the rules were not saved")', async () => {
    const dir = join(root, 'etc/sysconfig/ipset.d');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'a.set'), 'create a hash:ip family inet\n');
    await writeFile(join(root, 'etc/iptables/rules.v4'), OLD_V4, { mode: 0o640 });
    const before = await snapshot(root);
    const files = ['a', 'b'].map((n) => ({ path: `/etc/sysconfig/ipset.d/${n}.set`, text: `create ${n} hash:net\n` }));
    const failOnB = async (p: string) => {
      if (p.endsWith('b.set')) throw new Error('restorecon failed');
    };
    const err = await save({ loader: RHEL_SETS, files }, failOnB).catch((e: unknown) => e);
    expect((err as Error).message).toBe('restorecon failed; nothing was saved; the files are as they were');
    expect(await snapshot(root)).toEqual(before);
  });

  it('a new directory made for the sets is removed again when the save fails', async () => {
    await writeFile(join(root, 'etc/iptables/rules.v4'), OLD_V4, { mode: 0o640 });
    const files = [{ path: '/etc/sysconfig/ipset.d/new.set', text: 'create new hash:ip family inet\n' }];
    const fail = async (p: string) => {
      if (p.endsWith('rules.v4')) throw new Error('restorecon failed');
    };
    await expect(save({ loader: RHEL_SETS, files }, fail)).rejects.toThrow(/the files are as they were$/);
    expect(existsSync(join(root, 'etc/sysconfig'))).toBe(false);
  });

  it('success: no undo file is left behind, the previous versions are kept', async () => {
    await writeFile(join(root, 'etc/iptables/rules.v4'), OLD_V4, { mode: 0o640 });
    const result = await save({ loader: DEBIAN_SETS, files: NEW_SETS });
    expect(result.sets?.written).toEqual(['/etc/iptables/ipsets']);
    expect(result.sets?.backups).toEqual(['/etc/iptables/ipsets.bak']);
    expect((await readdir(join(root, 'etc/iptables'))).sort()).toEqual([
      'ipsets',
      'ipsets.bak',
      'rules.v4',
      'rules.v4.bak',
      'rules.v6',
      'rules.v6.bak',
    ]);
    expect(await readFile(join(root, 'etc/iptables/ipsets.bak'), 'utf8')).toBe(OLD_SETS);
    expect((await stat(join(root, 'etc/iptables/ipsets'))).mode & 0o777).toBe(0o640);
  });
});
