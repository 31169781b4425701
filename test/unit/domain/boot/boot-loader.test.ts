import { chmod, mkdtemp, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootRuleset, chainOwner, savedDiff } from '../../../../src/domain/boot/boot-file.js';
import { configValue, detectLoader } from '../../../../src/domain/boot/boot-loader.js';
import { bootPrelude } from '../../../../src/domain/boot/boot-prelude.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { bootFacts } from '../../../../src/persist/boot-facts.js';
import { loaderInstall } from '../../../../src/domain/boot/boot-script.js';
import { installLoader, removeLoader } from '../../../../src/persist/install-loader.js';
import { saveBoot, SaveError } from '../../../../src/persist/save-boot.js';
import { DISTROS, makeRoot } from '../../../helpers/fake-roots.js';
import { savedDiffs } from '../../../../src/app/boot/boot-saving.js';
import { RULES_V4, RULES_V6 } from '../../../helpers/fake-source.js';

const DOCKER = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER - [0:0]
:DOCKER-USER - [0:0]
:f2b-sshd - [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j f2b-sshd
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A FORWARD -j DOCKER-USER
-A FORWARD -o docker0 -j DOCKER
-A DOCKER-USER -j RETURN
-A f2b-sshd -j RETURN
COMMIT
`;

describe('boot loaders', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'fwtui-root-'));
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  for (const distro of DISTROS) {
    it(`${distro.name}: the loader, its files, mode, backups and contents`, async () => {
      await makeRoot(root, distro);
      const loader = detectLoader(bootFacts(root));
      expect({
        loader: loader.name,
        ipv4: loader.files.ipv4,
        ipv6: loader.files.ipv6,
        mode: loader.mode,
        counters: loader.counters,
        backup: loader.backup,
      }).toEqual(distro.expect);
      const rulesets = [parseSave(RULES_V4()), parseSave(RULES_V6, { family: 'ipv6' })];
      const checked: string[] = [];
      const check = async (family: string, text: string) => {
        checked.push(family);
        parseSave(text);
        return null;
      };
      const first = await saveBoot({ root, loader, rulesets, includeOwned: false, check, stamp: 'now' });
      expect(first.written.map((w) => [w.path, w.backup])).toEqual([
        [distro.expect.ipv4, null],
        [distro.expect.ipv6, null],
      ]);
      expect(checked).toEqual(['ipv4', 'ipv6']);
      const v4 = join(root, distro.expect.ipv4);
      expect((await stat(v4)).mode & 0o777).toBe(distro.expect.mode);
      const text = await readFile(v4, 'utf8');
      expect(savedDiff(rulesets[0]!, parseSave(text))).toEqual([]);
      expect(/^\[\d+:\d+\] -A/m.test(text)).toBe(distro.expect.counters);
      // A second save keeps the first as the backup, with the file's own mode (an admin's chmod stays).
      await chmod(v4, 0o600);
      const second = await saveBoot({ root, loader, rulesets, includeOwned: false, check, stamp: 'later' });
      expect(second.written[0]!.backup).toBe(`${distro.expect.ipv4}${distro.expect.backup}`);
      expect(await readFile(`${v4}${distro.expect.backup}`, 'utf8')).toBe(text);
      expect((await stat(v4)).mode & 0o777).toBe(0o600);
    });
  }

  it('warns about SAVE_ON_STOP on Alpine and Gentoo, and says what to install where nothing loads rules', async () => {
    await makeRoot(root, DISTROS.find((d) => d.name === 'Gentoo')!);
    expect(detectLoader(bootFacts(root)).warnings.join('\n')).toMatch(
      /SAVE_ON_STOP="yes": a clean shutdown saves whatever is running/,
    );
    const bare = await mkdtemp(join(tmpdir(), 'fwtui-root-'));
    await writeFile(join(bare, 'os-release'), '');
    await makeRoot(bare, {
      name: 'x',
      files: { '/etc/os-release': 'ID=ubuntu\nID_LIKE=debian\n' },
      expect: DISTROS[0]!.expect,
    });
    expect(detectLoader(bootFacts(bare)).warnings).toEqual([
      'nothing loads these files at boot yet: apt-get install iptables-persistent',
    ]);
    await rm(bare, { recursive: true, force: true });
  });

  it('a file that would not load: nothing is written', async () => {
    await makeRoot(root, DISTROS[0]!);
    const loader = detectLoader(bootFacts(root));
    const save = saveBoot({
      root,
      loader,
      rulesets: [parseSave(RULES_V4())],
      includeOwned: false,
      check: async () => "Couldn't load target `NOPE'",
      stamp: 'x',
    });
    await expect(save).rejects.toThrow(SaveError);
    await expect(stat(join(root, '/etc/iptables/rules.v4'))).rejects.toThrow();
  });
});

describe('boot file contents', () => {
  it("leaves out Docker's and fail2ban's chains and the jumps to them, naming them", () => {
    const { ruleset, leftOut } = bootRuleset(parseSave(DOCKER), false);
    const chains = ruleset.tables[0]!.chains;
    expect(chains.map((c) => c.name)).toEqual(['INPUT', 'FORWARD', 'OUTPUT']);
    expect(chains.flatMap((c) => c.rules.map((r) => r.spec))).toEqual(['-p tcp -m tcp --dport 22 -j ACCEPT']);
    expect(leftOut).toEqual(['DOCKER, DOCKER-USER (Docker)', 'f2b-sshd (fail2ban)']);
    expect(bootRuleset(parseSave(DOCKER), true).leftOut).toEqual([]);
    expect(['KUBE-SERVICES', 'CNI-abc', 'ufw-user-input', 'ufw6-before-input', 'MYCHAIN'].map(chainOwner)).toEqual([
      'kube-proxy',
      'a CNI plugin',
      'ufw',
      'ufw',
      null,
    ]);
  });

  it('reads shell-style config values', () => {
    expect(configValue('A="x y"\n# B=1\nB=2\nC=\'z\'\n', 'B')).toBe('2');
    expect(configValue('A="x y"\n', 'A')).toBe('x y');
    expect(configValue("C='z'\n", 'C')).toBe('z');
    expect(configValue(null, 'A')).toBeNull();
  });
});

describe('a loader where there is none', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'fwtui-root-'));
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('systemd: a oneshot unit before network-pre.target, enabled, then detected; removable', async () => {
    await makeRoot(root, {
      name: 'x',
      files: { '/etc/os-release': 'ID=plan9\n', '/lib/systemd/system/.keep': '' },
      expect: DISTROS[0]!.expect,
    });
    const install = loaderInstall(bootFacts(root));
    expect(install.files.map((f) => f.path)).toEqual([
      '/etc/systemd/system/fwtui-restore.service',
      '/etc/systemd/system/multi-user.target.wants/fwtui-restore.service',
    ]);
    expect(install.files[0]!.text).toMatch(/Before=network-pre.target\nWants=network-pre.target/);
    await installLoader(root, install);
    expect(await readlink(join(root, '/etc/systemd/system/multi-user.target.wants/fwtui-restore.service'))).toBe(
      '/etc/systemd/system/fwtui-restore.service',
    );
    expect(detectLoader(bootFacts(root))).toMatchObject({
      kind: 'none',
      name: 'fwtui-restore',
      enabled: true,
      warnings: [],
    });
    await removeLoader(root, install);
    expect(detectLoader(bootFacts(root))).toMatchObject({ name: 'no boot loader', enabled: false });
  });

  it('ifupdown, OpenRC local.d, and rc.local (a line added before exit 0, and taken out again)', async () => {
    await makeRoot(root, { name: 'x', files: { '/etc/network/if-pre-up.d/.keep': '' }, expect: DISTROS[0]!.expect });
    expect(loaderInstall(bootFacts(root)).files[0]).toMatchObject({
      path: '/etc/network/if-pre-up.d/fwtui',
      mode: 0o755,
    });
    const other = await mkdtemp(join(tmpdir(), 'fwtui-root-'));
    await makeRoot(other, { name: 'x', files: { '/etc/local.d/.keep': '' }, expect: DISTROS[0]!.expect });
    expect(loaderInstall(bootFacts(other)).files[0]!.path).toBe('/etc/local.d/fwtui.start');
    await rm(other, { recursive: true, force: true });
    const bare = await mkdtemp(join(tmpdir(), 'fwtui-root-'));
    await makeRoot(bare, {
      name: 'x',
      files: { '/etc/rc.local': '#!/bin/sh -e\necho hello\nexit 0\n' },
      expect: DISTROS[0]!.expect,
    });
    const install = loaderInstall(bootFacts(bare));
    await installLoader(bare, install);
    await installLoader(bare, install);
    const text = await readFile(join(bare, '/etc/rc.local'), 'utf8');
    expect(text.split('\n')).toEqual([
      '#!/bin/sh -e',
      'echo hello',
      expect.stringMatching(/^iptables-restore \/etc\/fwtui\/rules.v4 .* # fwtui: restore saved iptables rules$/),
      'exit 0',
      '',
    ]);
    expect(detectLoader(bootFacts(bare)).enabled).toBe(true);
    await removeLoader(bare, install);
    expect(await readFile(join(bare, '/etc/rc.local'), 'utf8')).toBe('#!/bin/sh -e\necho hello\nexit 0\n');
    await rm(bare, { recursive: true, force: true });
  });
});

describe('running vs saved', () => {
  it('a saved file that cannot even be read is named, not thrown', async () => {
    const root = await mkdtemp(join(tmpdir(), 'fwtui-root-'));
    try {
      await makeRoot(root, {
        ...DISTROS[0]!,
        files: { ...DISTROS[0]!.files, '/etc/iptables/rules.v4': '*filter\n-A INPUT -j ACCEPT\n' },
      });
      const diffs = await savedDiffs(
        root,
        detectLoader(bootFacts(root)),
        [parseSave(RULES_V4())],
        false,
        async () => null,
      );
      expect(diffs).toHaveLength(1);
      expect(diffs[0]!.problem).toMatch(/^it cannot be read: line 2: /);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('enabled without systemd', () => {
  it('a SysV runlevel link enables netfilter-persistent', async () => {
    const root = await mkdtemp(join(tmpdir(), 'fwtui-root-'));
    try {
      await makeRoot(root, {
        name: 'x',
        files: { '/usr/sbin/netfilter-persistent': '', '/etc/rc2.d/S01netfilter-persistent': '' },
        expect: DISTROS[0]!.expect,
      });
      expect(detectLoader(bootFacts(root)).enabled).toBe(true);
      await rm(join(root, '/etc/rc2.d/S01netfilter-persistent'));
      expect(detectLoader(bootFacts(root)).enabled).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('what boot restores before the rules files (the fresh-namespace check loads only this)', () => {
  const facts = (files: Record<string, string>) => ({
    read: (p: string) => files[p] ?? null,
    exists: (p: string) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`)),
    list: (d: string) =>
      Object.keys(files)
        .filter((f) => f.startsWith(`${d}/`))
        .map((f) => f.slice(d.length + 1)),
  });
  const NP = { '/usr/sbin/netfilter-persistent': '', '/usr/share/netfilter-persistent/plugins.d/15-ip4tables': '' };
  const SETS = 'create blacklist hash:ip family inet hashsize 1024 maxelem 65536\n';

  it('netfilter-persistent restores /etc/iptables/ipsets first only when the ipset plugin is installed', () => {
    const without = facts({ ...NP, '/etc/iptables/ipsets': SETS });
    expect(bootPrelude(without, detectLoader(without))).toEqual({ ipsets: null, ipsetsFrom: null });
    const withPlugin = facts({
      ...NP,
      '/usr/share/netfilter-persistent/plugins.d/10-ipset': '',
      '/etc/iptables/ipsets': SETS,
    });
    expect(bootPrelude(withPlugin, detectLoader(withPlugin))).toEqual({
      ipsets: SETS,
      ipsetsFrom: '/etc/iptables/ipsets',
    });
  });

  it('a loader without ipset support loads no sets: the check starts from an empty namespace', () => {
    const none = facts({ '/etc/ipset.conf': SETS });
    expect(bootPrelude(none, detectLoader(none)).ipsets).toBeNull();
  });
});
