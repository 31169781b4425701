/**
 * IP sets for boot, pure: which set loader each distribution has and where it
 * reads, the files in its format and read back as its loader reads them,
 * other programs' sets left out, runtime state (counter values, remaining
 * timeouts) neither saved nor shown as a difference.
 */
import { describe, expect, it } from 'vitest';
import { detectLoader, type BootFacts } from '../../../../src/domain/boot/boot-loader.js';
import { bootPrelude } from '../../../../src/domain/boot/boot-prelude.js';
import { setsDiff } from '../../../../src/domain/boot/set-diff.js';
import {
  bootSets,
  readSetFiles,
  restoreText,
  setFileTexts,
  unsavableName,
} from '../../../../src/domain/boot/set-files.js';
import { detectSetLoader, type SetLayout } from '../../../../src/domain/boot/set-loader.js';
import { parseIpsetSave } from '../../../../src/domain/sets/parse-ipset.js';
import { DISTROS } from '../../../helpers/fake-roots.js';
import { SET_LOADERS } from '../../../helpers/set-loader-roots.js';

const facts = (files: Record<string, string>): BootFacts => ({
  read: (p) => files[p] ?? null,
  exists: (p) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`)),
  list: (d) =>
    Object.keys(files)
      .filter((f) => f.startsWith(`${d}/`))
      .map((f) => f.slice(d.length + 1)),
});

const RUNNING = parseIpsetSave(
  [
    // A list:set read before the set it lists (renamed, swapped): saved after it all the same.
    'create both list:set size 8',
    'add both blacklist',
    'add both f2b-sshd',
    'create blacklist hash:net family inet hashsize 1024 maxelem 65536 timeout 600 counters comment initval 0x1',
    'add blacklist 192.0.2.0/24 timeout 0 packets 5 bytes 300 comment "bad net"',
    'add blacklist 198.51.100.7 timeout 287 packets 0 bytes 0',
    'create f2b-sshd hash:ip family inet hashsize 1024 maxelem 65536 timeout 600',
    'add f2b-sshd 203.0.113.5 timeout 100',
    'create docker-ext-bridges-v4 hash:net family inet hashsize 1024 maxelem 65536',
  ].join('\n'),
);

describe('the set loader of each distribution', () => {
  for (const distro of DISTROS.filter((d) => SET_LOADERS[d.name])) {
    const want = SET_LOADERS[distro.name]!;
    it(`${distro.name}: ${want.name}, reading ${want.where}`, () => {
      const none = facts(distro.files);
      const missing = detectSetLoader(none, detectLoader(none));
      expect(missing.installed).toBe(false);
      expect(missing.todo).toBe(want.install);
      const f = facts({ ...distro.files, ...want.files });
      const loader = detectSetLoader(f, detectLoader(f));
      expect({ name: loader.name, installed: loader.installed, enabled: loader.enabled, todo: loader.todo }).toEqual({
        name: want.name,
        installed: true,
        enabled: true,
        todo: null,
      });
      const layout = loader.layout;
      expect(layout.kind === 'file' ? layout.path : `${layout.dir}/`).toBe(want.where);
    });
  }

  it('an ipset service installed but not enabled: the command that enables it', () => {
    const rhel = DISTROS.find((d) => d.name === 'RHEL 9')!;
    const files = { ...rhel.files, ...SET_LOADERS['RHEL 9']!.files };
    delete files['/etc/systemd/system/multi-user.target.wants/ipset.service'];
    const loader = detectSetLoader(facts(files), detectLoader(facts(files)));
    expect([loader.installed, loader.enabled, loader.todo]).toEqual([true, false, 'systemctl enable ipset']);
  });

  it("RHEL's older ipset-service (no ipset.d in its script) reads the single /etc/sysconfig/ipset", () => {
    const rhel = DISTROS.find((d) => d.name === 'RHEL 9')!;
    const old = {
      ...SET_LOADERS['RHEL 9']!.files,
      '/usr/libexec/ipset/ipset.start-stop': 'IPSET_DATA=/etc/sysconfig/$IPSET\n',
    };
    const f = facts({ ...rhel.files, ...old });
    expect(detectSetLoader(f, detectLoader(f)).layout).toEqual({ kind: 'file', path: '/etc/sysconfig/ipset' });
  });

  it('Gentoo and RHEL set loaders that save on stop are said, like SAVE_ON_STOP for the rules', () => {
    const gentoo = DISTROS.find((d) => d.name === 'Gentoo')!;
    const g = { ...gentoo.files, ...SET_LOADERS.Gentoo!.files, '/etc/conf.d/ipset': 'SAVE_ON_STOP="yes"\n' };
    expect(detectSetLoader(facts(g), detectLoader(facts(g))).warnings).toEqual([
      expect.stringMatching(/^\/etc\/conf.d\/ipset has SAVE_ON_STOP="yes": stopping the ipset service saves/),
    ]);
    const rhel = DISTROS.find((d) => d.name === 'RHEL 9')!;
    const r = {
      ...rhel.files,
      ...SET_LOADERS['RHEL 9']!.files,
      '/etc/sysconfig/ipset-config': 'IPSET_SAVE_ON_STOP="yes"\n',
    };
    expect(detectSetLoader(facts(r), detectLoader(facts(r))).warnings).toHaveLength(1);
  });

  it('no known rules loader: says what the distribution has, or that fwtui knows none', () => {
    const debianish = facts({ '/etc/os-release': 'ID=ubuntu\nID_LIKE=debian\n' });
    expect(detectSetLoader(debianish, detectLoader(debianish)).todo).toBe('apt-get install ipset-persistent');
    const other = facts({ '/etc/os-release': 'ID=plan9\n' });
    expect(detectSetLoader(other, detectLoader(other)).todo).toMatch(/fwtui knows none/);
  });
});

describe('the sets as saved for boot', () => {
  it("leaves out other programs' sets (and their place in a list:set), drops counter values, keeps timeouts", () => {
    const boot = bootSets(RUNNING);
    expect(boot.sets.map((s) => s.name)).toEqual(['blacklist', 'both']);
    expect(boot.leftOut).toEqual(['f2b-sshd (fail2ban)', 'docker-ext-bridges-v4 (Docker)']);
    expect(boot.sets[1]!.members.map((m) => m.elem)).toEqual(['blacklist']);
    expect(boot.sets[0]!.members.map((m) => m.options.map((o) => o.name))).toEqual([
      ['timeout', 'comment'],
      ['timeout'],
    ]);
  });

  it("--include-owned keeps the other programs' sets too (still without counter values), list:sets last", () => {
    const all = bootSets(RUNNING, true);
    expect(all.sets.map((s) => s.name)).toEqual(['blacklist', 'f2b-sshd', 'docker-ext-bridges-v4', 'both']);
    expect(all.leftOut).toEqual([]);
    expect(all.sets[3]!.members.map((m) => m.elem)).toEqual(['blacklist', 'f2b-sshd']);
  });

  const layouts: [string, SetLayout][] = [
    ['one ipset save file', { kind: 'file', path: '/etc/iptables/ipsets' }],
    ['RHEL ipset.d', { kind: 'dir', dir: '/etc/sysconfig/ipset.d', suffix: '.set', bare: false }],
    ['Alpine ipset.d', { kind: 'dir', dir: '/etc/ipset.d', suffix: '', bare: true }],
  ];
  for (const [name, layout] of layouts) {
    it(`${name}: written, then read back as its loader reads it, the same sets`, () => {
      const sets = bootSets(RUNNING).sets;
      const files = setFileTexts(layout, sets, 'now');
      expect(readSetFiles(layout, files)).toEqual(sets);
      // The list:set is created before any member is added, whatever the file order.
      const text = restoreText(layout, [...files].reverse());
      expect(text.indexOf('create blacklist')).toBeLessThan(text.indexOf('add both blacklist'));
    });
  }

  it("Alpine's file: first line (after comments) the create options, then one member a line", () => {
    const layout: SetLayout = { kind: 'dir', dir: '/etc/ipset.d', suffix: '', bare: true };
    const [file] = setFileTexts(layout, bootSets(RUNNING).sets, 'now');
    expect(file!.path).toBe('/etc/ipset.d/blacklist');
    expect(file!.text.split('\n').filter((l) => !l.startsWith('#'))).toEqual([
      'hash:net family inet hashsize 1024 maxelem 65536 timeout 600 counters comment initval 0x1',
      '192.0.2.0/24 timeout 0 comment "bad net"',
      '198.51.100.7 timeout 287',
      '',
    ]);
  });

  it('RHEL ipset.d files start with the create line (the loader takes each first line as one)', () => {
    const layout: SetLayout = { kind: 'dir', dir: '/etc/sysconfig/ipset.d', suffix: '.set', bare: false };
    const files = setFileTexts(layout, bootSets(RUNNING).sets, 'now');
    expect(files.map((f) => [f.path, f.text.split('\n')[0]])).toEqual([
      ['/etc/sysconfig/ipset.d/blacklist.set', expect.stringMatching(/^create blacklist hash:net /)],
      ['/etc/sysconfig/ipset.d/both.set', 'create both list:set size 8'],
    ]);
  });

  it('a set whose name is no plain file name cannot go into a per-set directory (a hidden name is not loaded)', () => {
    const alpine: SetLayout = { kind: 'dir', dir: '/etc/ipset.d', suffix: '', bare: true };
    expect(unsavableName(alpine, '.hidden')).toMatch(/the loader skips hidden file names/);
    expect(unsavableName(alpine, 'a/b')).toMatch(/a file name cannot hold "\/"/);
    expect(unsavableName(alpine, 'blacklist')).toBeNull();
    expect(unsavableName({ kind: 'file', path: '/etc/iptables/ipsets' }, '.hidden')).toBeNull();
  });

  it('saved vs running: a remaining timeout ticking down is no difference, a member or timeout 0 is', () => {
    const saved = bootSets(RUNNING).sets;
    const later = parseIpsetSave(
      setFileTexts({ kind: 'file', path: '/x' }, saved, 'now')[0]!.text.replace('timeout 287', 'timeout 12'),
    );
    expect(setsDiff(later, saved)).toEqual([]);
    const added = parseIpsetSave(
      `${setFileTexts({ kind: 'file', path: '/x' }, saved, 'now')[0]!.text}add blacklist 203.0.113.9\n`,
    );
    expect(setsDiff(added, saved).filter((l) => l.kind === '+')).toEqual([
      { kind: '+', text: 'add blacklist 203.0.113.9' },
    ]);
    const expiring = parseIpsetSave(
      setFileTexts({ kind: 'file', path: '/x' }, saved, 'now')[0]!.text.replace('timeout 0 ', 'timeout 300 '),
    );
    expect(setsDiff(expiring, saved).filter((l) => l.kind === '-')).toEqual([
      { kind: '-', text: 'add blacklist 192.0.2.0/24 timeout 0 comment "bad net"' },
    ]);
  });

  it('the check loads what the per-set loader would: every visible file of the directory, creates first', () => {
    const alpine = DISTROS.find((d) => d.name === 'Alpine 3.20')!;
    const f = facts({
      ...alpine.files,
      ...SET_LOADERS['Alpine 3.20']!.files,
      '/etc/ipset.d/blacklist': '# x\nhash:ip family inet\n192.0.2.1\n',
      '/etc/ipset.d/.blacklist.bak': 'hash:ip family inet\n192.0.2.99\n',
    });
    expect(bootPrelude(f, detectLoader(f))).toEqual({
      ipsets: 'create blacklist hash:ip family inet\nadd blacklist 192.0.2.1\n',
      ipsetsFrom: '/etc/ipset.d/blacklist',
    });
  });
});
