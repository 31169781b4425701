/**
 * Saving for boot on real iptables: `fwtui save --root DIR` for rules held
 * in a namespace writes files that Debian's real netfilter-persistent plugins
 * load (run inside another namespace with DIR/etc/iptables bind-mounted over
 * /etc/iptables in a private mount namespace); faults (read-only, disk full)
 * leave the old files byte-identical; saving while a commit is pending is refused.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stateRoot } from '../../src/app/state/state-dir.js';
import { withoutComments } from '../helpers/fixtures.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { BIN, runCli, FWTUI_LINE } from '../helpers/run-cli.js';
import { DISTROS, makeRoot } from '../helpers/fake-roots.js';

const available = await requireNetns();
const PLUGINS = '/usr/share/netfilter-persistent/plugins.d';

const RULES_V4 = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER - [0:0]
:WEB - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -m comment --comment "admin \\"ssh\\"" -j ACCEPT
-A INPUT -p tcp -m multiport --dports 80,443 -j WEB
-A FORWARD -o docker0 -j DOCKER
-A DOCKER -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j ACCEPT
-A WEB -s 198.51.100.7/32 -j DROP
-A WEB -j ACCEPT
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -s 10.8.0.0/24 -j MASQUERADE
COMMIT
`;
const RULES_V6 = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p ipv6-icmp -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
`;
/** What the boot file must bring back: everything but Docker's chain and the jump to it. */
const WITHOUT_DOCKER = RULES_V4.replace(':DOCKER - [0:0]\n', '')
  .replace('-A FORWARD -o docker0 -j DOCKER\n', '')
  .replace(/-A DOCKER .*\n/, '');

/** iptables-save text as comparable lines: no comments, no counters, tables in name order. */
function normal(save: string): string {
  const tables = withoutComments(save)
    .replace(/ \[\d+:\d+\]$/gm, '')
    .replace(/^\[\d+:\d+\] /gm, '')
    .split(/^COMMIT\n/m)
    .map((t) => t.trim())
    .filter(Boolean);
  return tables.sort().join('\n');
}

describe.runIf(available)('saving for boot (real iptables, Debian netfilter-persistent)', () => {
  let held: TestNetns;
  let root: string;
  const etc = (): string => join(root, 'etc', 'iptables');
  beforeAll(async () => {
    if (!existsSync(`${PLUGINS}/15-ip4tables`))
      throw new Error('iptables-persistent is not installed (.ci/run installs it)');
    held = await createNetns();
    await held.exec(['iptables-restore'], RULES_V4);
    await held.exec(['ip6tables-restore'], RULES_V6);
  });
  afterAll(async () => {
    await held?.remove();
    if (held) await rm(stateRoot(held.name), { recursive: true, force: true });
  });
  beforeEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
    root = await mkdtemp(join(tmpdir(), 'fwtui-boot-'));
    // The loader as Debian installs it, inside the root.
    await execa('mkdir', [
      '-p',
      join(root, 'usr/sbin'),
      join(root, 'usr/share/netfilter-persistent/plugins.d'),
      join(root, 'etc/systemd/system/multi-user.target.wants'),
    ]);
    for (const f of [
      'usr/sbin/netfilter-persistent',
      'usr/share/netfilter-persistent/plugins.d/15-ip4tables',
      'usr/share/netfilter-persistent/plugins.d/25-ip6tables',
      'etc/systemd/system/multi-user.target.wants/netfilter-persistent.service',
    ]) {
      await writeFile(join(root, f), '');
    }
    await writeFile(join(root, 'etc/os-release'), 'ID=debian\n');
  });

  it("writes rules.v4 and rules.v6 that Debian's own plugins load into a fresh namespace", async () => {
    const r = await runCli(['save', '--root', root, '--netns', held.name]);
    expect(r.stderr).toBe('');
    // Under --root the message names the real path written.
    expect(
      r.stdout.startsWith(
        `Saved IPv4 to ${etc()}/rules.v4 and IPv6 to ${etc()}/rules.v6; loaded at boot by netfilter-persistent.\n`,
      ),
    ).toBe(true);
    expect(r.stdout).toContain('Left out, their owners rebuild them at start: DOCKER (Docker)');
    expect(r.exitCode).toBe(0);
    const boot = await createNetns();
    try {
      // The real plugin scripts read /etc/iptables: give them the saved root's directory in a private mount namespace.
      await boot.exec([
        'unshare',
        '-m',
        '--propagation',
        'private',
        'sh',
        '-c',
        `mount --bind "$0" /etc/iptables && ${PLUGINS}/15-ip4tables start && ${PLUGINS}/25-ip6tables start`,
        etc(),
      ]);
      expect(normal(await boot.exec(['iptables-save']))).toBe(normal(WITHOUT_DOCKER));
      expect(normal(await boot.exec(['ip6tables-save']))).toBe(normal(RULES_V6));
    } finally {
      await boot.remove();
    }
    const diff = await runCli(['saved-diff', '--root', root, '--netns', held.name]);
    expect(diff.stdout).toBe(`The running rules match ${etc()}/rules.v4 + rules.v6 (netfilter-persistent).\n`);
    expect(diff.exitCode).toBe(0);
  });

  it('a read-only filesystem or a full disk leaves the previous files byte-identical', async () => {
    expect((await runCli(['save', '--root', root, '--netns', held.name])).exitCode).toBe(0);
    const before = await readFile(join(etc(), 'rules.v4'), 'utf8');
    await held.exec(['iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '8080', '-j', 'ACCEPT']);
    try {
      const ro = await execa(
        'unshare',
        [
          '-m',
          '--propagation',
          'private',
          'sh',
          '-c',
          'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && exec "$2" save --root "$3" --netns "$4"',
          process.execPath,
          etc(),
          BIN,
          root,
          held.name,
        ],
        { reject: false },
      );
      expect(ro.stderr).toMatch(
        /^fwtui: cannot write \/.*rules.v4: the filesystem is read-only; the old file is unchanged$/,
      );
      expect(ro.exitCode).toBe(1);
      expect(await readFile(join(etc(), 'rules.v4'), 'utf8')).toBe(before);
      // A tmpfs of 12 KiB holding the old files and a filler that takes the rest.
      await writeFile(join(root, 'before.v4'), before);
      const full = await execa(
        'unshare',
        [
          '-m',
          '--propagation',
          'private',
          'sh',
          '-c',
          [
            'cp -a "$1" /tmp/fwtui-old-$$ && mount -t tmpfs -o size=12k tmpfs ' +
              '"$1" && cp -a /tmp/fwtui-old-$$/. "$1"/ && rm -rf /tmp/fwtui-old-$$',
            '(head -c 65536 /dev/zero > "$1/filler" || true)',
            '"$2" save --root "$3" --netns "$4"; code=$?',
            'cmp "$1/rules.v4" "$5" && echo same-after',
            'exit $code',
          ].join('; '),
          process.execPath,
          etc(),
          BIN,
          root,
          held.name,
          join(root, 'before.v4'),
        ],
        { reject: false },
      );
      expect(full.stdout).toContain('same-after');
      expect(full.stderr).toMatch(/the disk is full; the old file is unchanged/);
      expect(full.exitCode).toBe(1);
    } finally {
      await held.exec(['iptables', '-D', 'INPUT', '-p', 'tcp', '--dport', '8080', '-j', 'ACCEPT']);
    }
  });

  it('saving while a commit is pending is refused', async () => {
    const file = join(root, 'more.rules');
    await writeFile(file, RULES_V4.replace('-A WEB -j ACCEPT', '-A WEB -s 192.0.2.1/32 -j DROP\n-A WEB -j ACCEPT'));
    expect((await runCli(['apply', file, '--no-wait', '--netns', held.name])).exitCode).toBe(0);
    try {
      const r = await runCli(['save', '--root', root, '--netns', held.name]);
      expect(r.stderr).toMatch(/a commit is pending, so nothing was saved: commit [0-9a-f]{16}/);
      expect(r.exitCode).toBe(7);
      expect(existsSync(join(etc(), 'rules.v4'))).toBe(false);
    } finally {
      expect((await runCli(['revert', '--netns', held.name])).exitCode).toBe(0);
    }
  });
});

describe.runIf(available)('saved rules vs running, and a saved file that no longer loads', () => {
  let held: TestNetns;
  let root: string;
  beforeAll(async () => {
    held = await createNetns();
    await held.exec(['iptables-restore'], RULES_V4);
    root = await mkdtemp(join(tmpdir(), 'fwtui-boot-'));
    await writeFile(join(root, 'os-release'), '');
    await execa('mkdir', ['-p', join(root, 'usr/sbin'), join(root, 'etc')]);
    await writeFile(join(root, 'usr/sbin/netfilter-persistent'), '');
  });
  afterAll(async () => {
    await held?.remove();
    if (held) await rm(stateRoot(held.name), { recursive: true, force: true });
    await rm(root, { recursive: true, force: true });
  });

  it('saved-diff shows a change, status offers to save after a confirm, and a broken saved file is named', async () => {
    // Nothing saved yet: said in words, not as a diff against nothing.
    const none = await runCli(['saved-diff', '--root', root, '--netns', held.name]);
    // The hint works as printed: it names the namespace and the root it was run with.
    expect(none.stdout).toBe(
      `Nothing is saved at ${root}/etc/iptables/rules.v4 yet: \`fwtui save ` +
        `--netns ${held.name} --root ${root}\` saves the running IPv4 rules there.\n`,
    );
    expect(none.exitCode).toBe(1);
    expect((await runCli(['save', '--root', root, '--netns', held.name])).exitCode).toBe(0);
    const file = join(root, 'more.rules');
    await writeFile(file, RULES_V4.replace('-A WEB -j ACCEPT', '-A WEB -s 192.0.2.1/32 -j DROP\n-A WEB -j ACCEPT'));
    expect((await runCli(['apply', file, '--no-wait', '--netns', held.name])).exitCode).toBe(0);
    expect((await runCli(['confirm', '--netns', held.name])).exitCode).toBe(0);
    const status = await runCli(['status', '--root', root, '--netns', held.name]);
    const notSaved =
      /it was confirmed\.\nThe running rules are not saved for boot yet: `fwtui save --netns \S+ --root \S+`/;
    expect(status.stdout).toMatch(notSaved);
    expect(status.stdout).toMatch(/--root \S+` saves them/);
    const diff = await runCli(['saved-diff', '--root', root, '--netns', held.name]);
    expect(diff.stdout).toContain('+-A WEB -s 192.0.2.1/32 -j DROP');
    expect(diff.exitCode).toBe(1);
    // A saved file that parses but would not load (a match this kernel lacks).
    await writeFile(
      join(root, 'etc/iptables/rules.v4'),
      '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m nosuchmatch --foo -j ACCEPT\nCOMMIT\n',
    );
    const broken = await runCli(['saved-diff', '--root', root, '--netns', held.name]);
    expect(
      broken.stderr.startsWith(`fwtui: the saved IPv4 rules in ${root}/etc/iptables/rules.v4 would not load at boot: `),
    ).toBe(true);
    expect(broken.exitCode).toBe(1);
  });
});

describe.runIf(available)('saving for boot from the view (tmux)', () => {
  const SOCKET = `fwtui-boot-${process.pid}`;
  const tmux = (...args: string[]) => execa('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { reject: false });
  let held: TestNetns;
  let root: string;
  afterAll(async () => {
    await tmux('kill-server');
    await held?.remove();
    await rm(root, { recursive: true, force: true });
  });

  it('the header says where a save goes and that the rules ' +
    'are not saved; S, y saves; D shows no difference then', async () => {
    held = await createNetns();
    await held.exec(['iptables-restore'], RULES_V4);
    root = await mkdtemp(join(tmpdir(), 'fwtui-boot-'));
    await execa('mkdir', ['-p', join(root, 'usr/sbin')]);
    await writeFile(join(root, 'usr/sbin/netfilter-persistent'), '');
    await tmux(
      'new-session',
      '-d',
      '-s',
      'fw',
      '-x',
      '200',
      '-y',
      '30',
      `${FWTUI_LINE} --netns ${held.name} --root ${root}; sleep 30`,
    );
    const screen = async (want: string): Promise<string> => {
      for (let i = 0; i < 100; i++) {
        const s = (await tmux('capture-pane', '-p', '-t', 'fw')).stdout;
        if (s.includes(want)) return s;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the screen never showed "${want}":\n${(await tmux('capture-pane', '-p', '-t', 'fw')).stdout}`);
    };
    // The header (cut at the terminal's width) names where a save goes.
    await screen(`not saved for boot (D shows, S saves) saves to ${root}/etc/ipt`);
    // D before anything is saved: said in words, not an empty diff header.
    await tmux('send-keys', '-t', 'fw', 'D');
    const none = await screen(
      `nothing is saved at ${root}/etc/iptables/rules.v4 yet (S saves the running IPv4 rules there)`,
    );
    expect(none).not.toContain('--- ');
    await tmux('send-keys', '-t', 'fw', 'Escape');
    await screen('Chain INPUT: policy DROP');
    await tmux('send-keys', '-t', 'fw', 'S');
    await screen(
      `Save the running rules to ${root}/etc/iptables/rules.v4 + rules.v6 (netfilter-persistent) ` +
        '(the running IPv4 rules differ from the saved ones)?',
    );
    await tmux('send-keys', '-t', 'fw', 'y');
    await screen(`Saved IPv4 to ${root}/etc/iptables/rules.v4 and IPv6 to ${root}/etc/iptables/rules.v6`);
    expect(await readFile(join(root, 'etc/iptables/rules.v4'), 'utf8')).toContain('-A WEB -s 198.51.100.7/32 -j DROP');
    await tmux('send-keys', '-t', 'fw', 'D');
    const after = await screen(
      `The running rules match ${root}/etc/iptables/rules.v4 + rules.v6 (netfilter-persistent)`,
    );
    expect(after).not.toContain('not saved for boot');
  }, 30_000);
});

describe.runIf(available)('fwtui save on each distribution (fake roots, real iptables-restore --test)', () => {
  let held: TestNetns;
  beforeAll(async () => {
    held = await createNetns();
    await held.exec(['iptables-restore'], RULES_V4);
    await held.exec(['ip6tables-restore'], RULES_V6);
  });
  afterAll(async () => held?.remove());

  for (const distro of DISTROS) {
    it(`${distro.name}: ${distro.expect.ipv4} and ${distro.expect.ipv6}`, async () => {
      const root = await mkdtemp(join(tmpdir(), 'fwtui-distro-'));
      try {
        await makeRoot(root, distro);
        const r = await runCli(['save', '--root', root, '--netns', held.name]);
        // Where nothing loads rules at boot, the message says so plainly and what to install.
        const boot =
          distro.expect.loader === 'no boot loader'
            ? `no boot loader for iptables was found under ${root}, so nothing loads these files at boot until one ` +
              `is installed: fwtui save --install-loader --root ${root} (a small unit or script`
            : `loaded at boot by ${distro.expect.loader}.`;
        expect(r.stdout).toContain(
          `Saved IPv4 to ${root}${distro.expect.ipv4} and IPv6 to ${root}${distro.expect.ipv6}; ${boot}`,
        );
        expect(r.exitCode).toBe(0);
        for (const [prog, path] of [
          ['iptables-restore', distro.expect.ipv4],
          ['ip6tables-restore', distro.expect.ipv6!],
        ] as const) {
          const text = await readFile(join(root, path), 'utf8');
          expect((await stat(join(root, path))).mode & 0o777).toBe(distro.expect.mode);
          await held.exec([prog, '--test'], text);
        }
        expect(normal(await readFile(join(root, distro.expect.ipv4), 'utf8'))).toBe(normal(WITHOUT_DOCKER));
        if (distro.name === 'Alpine 3.20' || distro.name === 'Gentoo') expect(r.stderr).toMatch(/SAVE_ON_STOP="yes"/);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  }
});
