/**
 * IP sets saved for boot with the rules that use them (#17 item 6), real
 * iptables and ipset: Debian's real ipset-persistent plugin (10-ipset) and
 * then the real 15-ip4tables load what `fwtui save --root` wrote into a fresh
 * namespace, and the rule drops a member's packets; on RHEL, Arch, Alpine and
 * Gentoo roots the files are where and as their loaders read them (loaded
 * here with those loaders' own commands); a save whose rules use a set that
 * nothing restores at boot is refused, nothing written.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTROS, makeRoot } from '../helpers/fake-roots.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';
import { SET_LOADERS } from '../helpers/set-loader-roots.js';

const available = await requireNetns();
const PLUGINS = '/usr/share/netfilter-persistent/plugins.d';

const SETS = `create blacklist hash:net family inet timeout 600 comment
add blacklist 10.99.0.2 timeout 0 comment "seen scanning"
add blacklist 198.51.100.0/24 timeout 0
create f2b-sshd hash:ip family inet timeout 600
add f2b-sshd 203.0.113.5 timeout 500
`;
const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:f2b-sshd - [0:0]
-A INPUT -m set --match-set blacklist src -j DROP
-A INPUT -p tcp -m tcp --dport 22 -j f2b-sshd
-A f2b-sshd -m set --match-set f2b-sshd src -j REJECT --reject-with icmp-port-unreachable
-A f2b-sshd -j RETURN
COMMIT
`;

/** A namespace holding the sets and the rules that use them. */
async function holding(sets = SETS, rules = RULES): Promise<TestNetns> {
  const ns = await createNetns();
  await ns.exec(['ipset', 'restore'], sets);
  await ns.exec(['iptables-restore'], rules);
  return ns;
}

/** Lays out a distribution's root, with its set loader unless `withSets` is false. */
async function distroRoot(name: string, withSets = true): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'fwtui-setboot-'));
  const distro = DISTROS.find((d) => d.name === name)!;
  await makeRoot(root, withSets ? { ...distro, files: { ...distro.files, ...SET_LOADERS[name]!.files } } : distro);
  return root;
}

describe.runIf(available)("IP sets saved for boot: Debian's real ipset-persistent and iptables plugins", () => {
  let held: TestNetns;
  let root: string;
  beforeAll(async () => {
    if (!existsSync(`${PLUGINS}/10-ipset`) || !existsSync(`${PLUGINS}/15-ip4tables`))
      throw new Error('ipset-persistent and iptables-persistent must be installed (.ci/run installs them)');
    held = await holding();
    root = await distroRoot('Debian 12');
  });
  afterAll(async () => {
    await held?.remove();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('10-ipset then 15-ip4tables load the saved sets and rules into a fresh namespace; the rule drops a member', {
    timeout: 30_000,
  }, async () => {
    const r = await runCli(['save', '--root', root, '--netns', held.name]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      `Saved IP sets blacklist to ${root}/etc/iptables/ipsets; restored at boot by ipset-persistent before the rules.`,
    );
    expect(r.stdout).toContain('Left out, their owners rebuild them at start: f2b-sshd (fail2ban); sets f2b-sshd');
    expect(r.exitCode).toBe(0);
    expect((await stat(join(root, 'etc/iptables/ipsets'))).mode & 0o777).toBe(0o640);
    const boot = await createNetns();
    const peer = await createNetns();
    try {
      await boot.exec([
        'unshare',
        '-m',
        '--propagation',
        'private',
        'sh',
        '-c',
        `mount --bind "$0" /etc/iptables && ${PLUGINS}/10-ipset start && ${PLUGINS}/15-ip4tables start`,
        join(root, 'etc/iptables'),
      ]);
      expect(await boot.exec(['ipset', 'list', '-n'])).toBe('blacklist\n');
      const members = await boot.exec(['ipset', 'save', 'blacklist']);
      expect(members).toContain('add blacklist 10.99.0.2 timeout 0 comment "seen scanning"');
      expect(await boot.exec(['iptables', '-S', 'INPUT'])).toContain(
        '-A INPUT -m set --match-set blacklist src -j DROP',
      );
      // A member's packets are dropped by the rule; out of the set, the same packets pass.
      const [b, p] = [`sb${process.pid % 10000}b`, `sb${process.pid % 10000}p`];
      await boot.exec(['ip', 'link', 'add', b, 'type', 'veth', 'peer', 'name', p, 'netns', peer.name]);
      await boot.exec(['ip', 'addr', 'add', '10.99.0.1/24', 'dev', b]);
      await boot.exec(['ip', 'link', 'set', b, 'up']);
      await peer.exec(['ip', 'addr', 'add', '10.99.0.2/24', 'dev', p]);
      await peer.exec(['ip', 'link', 'set', p, 'up']);
      const ping = () =>
        execa('ip', ['netns', 'exec', peer.name, 'ping', '-c', '1', '-W', '1', '10.99.0.1'], { reject: false });
      expect((await ping()).exitCode).not.toBe(0);
      const counted = await boot.exec(['iptables', '-L', 'INPUT', '-v', '-x', '-n']);
      expect(counted).toMatch(/^\s*[1-9]\d*\s+\d+\s+DROP\s.*match-set blacklist src/m);
      await boot.exec(['ipset', 'del', 'blacklist', '10.99.0.2']);
      expect((await ping()).exitCode).toBe(0);
    } finally {
      await peer.remove();
      await boot.remove();
    }
  });

  it('saved-diff covers the sets: they match after a save, a member added since is shown', async () => {
    expect((await runCli(['save', '--root', root, '--netns', held.name])).exitCode).toBe(0);
    const same = await runCli(['saved-diff', '--root', root, '--netns', held.name]);
    expect(same.stdout).toBe(
      `The running rules match ${root}/etc/iptables/rules.v4 + rules.v6 (netfilter-persistent)` +
        ` and the IP sets in ${root}/etc/iptables/ipsets.\n`,
    );
    expect(same.exitCode).toBe(0);
    await held.exec(['ipset', 'add', 'blacklist', '192.0.2.77', 'timeout', '0']);
    try {
      const diff = await runCli(['saved-diff', '--root', root, '--netns', held.name]);
      expect(diff.stdout).toContain(`--- ${root}/etc/iptables/ipsets (saved)\n+++ running IP sets\n`);
      expect(diff.stdout).toContain('\n+add blacklist 192.0.2.77 timeout 0\n');
      expect(diff.exitCode).toBe(1);
    } finally {
      await held.exec(['ipset', 'del', 'blacklist', '192.0.2.77']);
    }
  });

  it('without ipset-persistent: says what to install, refuses (exit 10), writes nothing', async () => {
    const bare = await distroRoot('Debian 12', false);
    try {
      const r = await runCli(['save', '--root', bare, '--netns', held.name]);
      expect(r.stderr).toContain(
        "-A INPUT -m set --match-set blacklist src -j DROP: Set blacklist doesn't exist; " +
          'nothing restores IP sets at boot here: apt-get install ipset-persistent; nothing was saved',
      );
      expect(r.exitCode).toBe(10);
      expect(existsSync(join(bare, 'etc/iptables'))).toBe(false);
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });

  it('sets saved before and gone since: the saved file is emptied, not left to bring them back', async () => {
    const none = await createNetns();
    const stale = await distroRoot('Debian 12');
    try {
      await none.exec(['iptables-restore'], '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n');
      await mkdir(join(stale, 'etc/iptables'), { recursive: true });
      await writeFile(join(stale, 'etc/iptables/ipsets'), 'create old hash:ip family inet\nadd old 192.0.2.1\n');
      const r = await runCli(['save', '--root', stale, '--netns', none.name]);
      expect(r.stdout).toContain('Saved no IP sets (none running) to ');
      expect(r.exitCode).toBe(0);
      const text = await readFile(join(stale, 'etc/iptables/ipsets'), 'utf8');
      expect(text).toMatch(/^# Saved by fwtui on .*\n$/);
      expect(await readFile(join(stale, 'etc/iptables/ipsets.bak'), 'utf8')).toContain('create old');
    } finally {
      await none.remove();
      await rm(stale, { recursive: true, force: true });
    }
  });

  it('rules.v4 a symbolic link: refused before ipsets is touched, so saved sets and rules still agree', async () => {
    const linked = await distroRoot('Debian 12');
    try {
      const oldSets = 'create old hash:ip family inet\nadd old 192.0.2.1\n';
      const oldRules = '*filter\n-A INPUT -m set --match-set old src -j DROP\nCOMMIT\n';
      await mkdir(join(linked, 'etc/iptables'), { recursive: true });
      await writeFile(join(linked, 'etc/iptables/ipsets'), oldSets);
      await writeFile(join(linked, 'rules-elsewhere'), oldRules);
      await symlink(join(linked, 'rules-elsewhere'), join(linked, 'etc/iptables/rules.v4'));
      const r = await runCli(['save', '--root', linked, '--netns', held.name]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(
        `${linked}/etc/iptables/rules.v4 is a symbolic link (to ${linked}/rules-elsewhere): fwtui does not write ` +
          'through links; nothing was saved (make it a plain file)\n',
      );
      expect(r.stderr).not.toContain('was saved)');
      expect(await readFile(join(linked, 'etc/iptables/ipsets'), 'utf8')).toBe(oldSets);
      expect((await readdir(join(linked, 'etc/iptables'))).sort()).toEqual(['ipsets', 'rules.v4']);
    } finally {
      await rm(linked, { recursive: true, force: true });
    }
  });

  it('sets no rule uses, nothing to restore them: the rules are saved, the message says the sets are not', async () => {
    const unused = await holding(SETS, '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n');
    const bare = await distroRoot('Debian 12', false);
    try {
      const r = await runCli(['save', '--root', bare, '--netns', unused.name]);
      expect(r.stdout).toContain(
        'Warning: IP sets blacklist are not saved: nothing restores IP sets at boot here: ' +
          'apt-get install ipset-persistent.\n',
      );
      expect(r.exitCode).toBe(0);
      expect(existsSync(join(bare, 'etc/iptables/ipsets'))).toBe(false);
    } finally {
      await unused.remove();
      await rm(bare, { recursive: true, force: true });
    }
  });

  it("--include-owned saves the other programs' sets too", async () => {
    const owned = await distroRoot('Debian 12');
    try {
      const r = await runCli(['save', '--root', owned, '--netns', held.name, '--include-owned']);
      expect(r.stdout).toContain('Saved IP sets blacklist, f2b-sshd to ');
      expect(r.exitCode).toBe(0);
      expect(await readFile(join(owned, 'etc/iptables/ipsets'), 'utf8')).toContain('add f2b-sshd 203.0.113.5 timeout ');
    } finally {
      await rm(owned, { recursive: true, force: true });
    }
  });

  it('legacy iptables (--backend legacy): saved and checked the same way', async () => {
    const legacy = await createNetns();
    const fresh = await distroRoot('Debian 12');
    try {
      await legacy.exec(['ipset', 'restore'], SETS);
      await legacy.exec(['iptables-legacy-restore'], RULES);
      const r = await runCli(['save', '--root', fresh, '--netns', legacy.name, '--backend', 'legacy']);
      expect(r.stdout).toContain('Saved IP sets blacklist to ');
      expect(r.exitCode).toBe(0);
      const boot = await createNetns();
      try {
        await boot.exec(['ipset', 'restore', '-exist'], await readFile(join(fresh, 'etc/iptables/ipsets'), 'utf8'));
        await boot.exec(['iptables-legacy-restore'], await readFile(join(fresh, 'etc/iptables/rules.v4'), 'utf8'));
        expect(await boot.exec(['iptables-legacy-save'])).toContain(
          '-A INPUT -m set --match-set blacklist src -j DROP',
        );
      } finally {
        await boot.remove();
      }
      const bare = await distroRoot('Debian 12', false);
      try {
        const refused = await runCli(['save', '--root', bare, '--netns', legacy.name, '--backend', 'legacy']);
        expect(refused.stderr).toContain('nothing restores IP sets at boot here: apt-get install ipset-persistent');
        expect(refused.exitCode).toBe(10);
      } finally {
        await rm(bare, { recursive: true, force: true });
      }
    } finally {
      await legacy.remove();
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it("a rule of the admin's using fail2ban's set, which is left out: said so, refused, nothing written", async () => {
    const own = await holding(
      SETS,
      RULES.replace('-A INPUT -p tcp', '-A INPUT -m set --match-set f2b-sshd src -j DROP\n-A INPUT -p tcp'),
    );
    const fresh = await distroRoot('Debian 12');
    try {
      const r = await runCli(['save', '--root', fresh, '--netns', own.name]);
      expect(r.stderr).toContain(
        "Set f2b-sshd doesn't exist (set f2b-sshd is fail2ban's, left out of the saved sets: its owner recreates it",
      );
      expect(r.exitCode).toBe(10);
      expect(existsSync(join(fresh, 'etc/iptables'))).toBe(false);
    } finally {
      await own.remove();
      await rm(fresh, { recursive: true, force: true });
    }
  });
});

/** Each loader's own commands (from its script), run in a fresh namespace with the files under `root`. */
const LOAD: Record<string, (root: string) => string[]> = {
  // ipset-service's load(): every file's first line, then the rest, then the old single file; restore -!.
  'RHEL 9': (root) => [
    'sh',
    '-c',
    'D="$0/etc/sysconfig/ipset.d"; C="$0/etc/sysconfig/ipset"; m=$(mktemp); ' +
      'for f in "$D"/*; do [ "$f" = "$D/*" ] && break; head -n1 "$f" >> $m; done; ' +
      'for f in "$D"/*; do [ "$f" = "$D/*" ] && break; tail -n +2 "$f" >> $m; done; ' +
      '[ -f "$C" ] && cat "$C" >> $m; ipset restore -! < $m; r=$?; rm -f $m; exit $r',
    root,
  ],
  Arch: (root) => ['ipset', '-f', join(root, 'etc/ipset.conf'), 'restore'],
  // Alpine's reload(): create NAME + the file's first line, then `add NAME` + each further line.
  'Alpine 3.20': (root) => [
    'sh',
    '-c',
    'DIR="$0/etc/ipset.d"; for name in $(cd $DIR && ls); do echo create $name $(grep -v ^# $DIR/$name | head -n 1); ' +
      'done | ipset restore && for name in $(cd $DIR && ls); do grep -v ^# $DIR/$name | sed "1d;s/^/add $name /"; ' +
      'done | ipset restore',
    root,
  ],
  Gentoo: (root) => ['sh', '-c', 'ipset restore < "$0/var/lib/ipset/rules-save"', root],
};

describe.runIf(available)('IP sets saved where RHEL, Arch, Alpine and Gentoo load them (fake roots)', () => {
  let held: TestNetns;
  beforeAll(async () => {
    held = await holding();
  });
  afterAll(async () => held?.remove());

  for (const name of Object.keys(LOAD)) {
    it(`${name}: ${SET_LOADERS[name]!.where}, loaded by its loader, then the rules load`, async () => {
      const root = await distroRoot(name);
      const distro = DISTROS.find((d) => d.name === name)!;
      try {
        if (name === 'RHEL 9') {
          // A set saved before and gone since, and the old single file: boot must not load them.
          await mkdir(join(root, 'etc/sysconfig/ipset.d'), { recursive: true });
          await writeFile(join(root, 'etc/sysconfig/ipset.d/old.set'), 'create old hash:ip family inet\n');
          await writeFile(join(root, 'etc/sysconfig/ipset'), 'create older hash:ip family inet\n');
        }
        const r = await runCli(['save', '--root', root, '--netns', held.name]);
        expect(r.stdout).toContain(`restored at boot by ${SET_LOADERS[name]!.name} before the rules.`);
        expect(r.exitCode).toBe(0);
        const boot = await createNetns();
        try {
          await boot.exec(LOAD[name]!(root));
          expect(await boot.exec(['ipset', 'list', '-n'])).toBe('blacklist\n');
          expect(await boot.exec(['ipset', 'save'])).toContain('add blacklist 198.51.100.0/24 timeout 0');
          await boot.exec(['iptables-restore', '--test'], await readFile(join(root, distro.expect.ipv4), 'utf8'));
        } finally {
          await boot.remove();
        }
        if (name === 'RHEL 9') {
          const dir = join(root, 'etc/sysconfig/ipset.d');
          expect((await readdir(dir)).sort()).toEqual(['.old.set.bak', '.saved', 'blacklist.set']);
          expect((await stat(join(dir, 'blacklist.set'))).mode & 0o777).toBe(0o600);
          expect(existsSync(join(root, 'etc/sysconfig/ipset'))).toBe(false);
          expect(r.stdout).toContain('Moved aside, no longer saved: /etc/sysconfig/ipset.d/old.set -> ');
        }
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  }

  it('Alpine: a set saved again keeps its previous file under a hidden name the loader skips', async () => {
    const root = await distroRoot('Alpine 3.20');
    try {
      expect((await runCli(['save', '--root', root, '--netns', held.name])).exitCode).toBe(0);
      const again = await runCli(['save', '--root', root, '--netns', held.name]);
      expect(again.stdout).toContain(`(previous kept as ${root}/etc/ipset.d/.blacklist.bak)`);
      expect((await readdir(join(root, 'etc/ipset.d'))).sort()).toEqual(['.blacklist.bak', 'blacklist']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
