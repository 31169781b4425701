/** The built launcher as an admin meets it: exit codes and messages, never a stack trace. */
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DIR, withoutComments } from '../helpers/fixtures.js';
import { requireNetns } from '../helpers/netns.js';
import { FWTUI_LINE, runCli } from '../helpers/run-cli.js';
import { execa } from 'execa';

const asRoot = await requireNetns();

describe('bin/fwtui', () => {
  it('prints help and version', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/^Usage: fwtui/);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    // Version, the runtime that runs it (built in for the standalone executable), and the build.
    const runtime = process.env.FWTUI_BIN
      ? 'node \\d+\\.\\d+\\.\\d+ \\(built in: standalone executable\\)'
      : `node ${process.versions.node}`;
    expect((await runCli(['--version'])).stdout).toMatch(
      new RegExp(
        `^fwtui ${pkg.version.replaceAll('.', '\\.')}\nruntime: ${runtime}, ` +
          `linux-(x64|arm64)\nbuild: \\d{4}-\\d\\d-\\d\\d( [0-9a-f]{7,})?\n$`,
      ),
    );
  });

  it('a reader that stops early (| head) is not an error: no EPIPE message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fwtui-pipe-'));
    try {
      const rules = [
        '*filter',
        ':INPUT ACCEPT [0:0]',
        ...Array.from({ length: 20000 }, (_, i) => `-A INPUT -s 10.0.${i >> 8}.${i & 255} -j DROP`),
        'COMMIT',
        '',
      ];
      writeFileSync(join(dir, 'big.rules'), rules.join('\n'));
      const r = await execa('sh', ['-c', `${FWTUI_LINE} list --file ${join(dir, 'big.rules')} | head -1`], {
        reject: false,
      });
      expect(r.stdout).toBe('Chain INPUT (policy ACCEPT 0 packets, 0 bytes)');
      expect(r.stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with the one-line message and where the help is on an unknown flag', async () => {
    const r = await runCli(['--no-such-flag']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('fwtui: unknown option --no-such-flag\nsee fwtui --help\n');
  });

  it('reads a file from stdin and reproduces it', async () => {
    const save = readFileSync(join(FIXTURE_DIR, 'ufw-basic.v6.save'), 'utf8');
    const r = await runCli(['export', '-6', '--file', '-'], { stdin: save });
    expect(r.exitCode).toBe(0);
    expect(withoutComments(r.stdout)).toBe(withoutComments(save));
  });

  it('exits 3 naming the line of a broken file, without a stack trace', async () => {
    const r = await runCli(['list', '--file', '-'], {
      stdin: '*filter\n:INPUT ACCEPT [0:0]\n-A NOPE -j DROP\nCOMMIT\n',
    });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe(
      'fwtui: cannot read the ruleset: line 3: chain NOPE is not ' +
        'declared in table filter (add ":NOPE - [0:0]" before its rules)\n',
    );
  });

  describe.runIf(asRoot)('as root', () => {
    it('exits 4 for an unprivileged user reading the live firewall', async () => {
      const r = await runCli(['list'], { uid: 65534 });
      expect(r.exitCode).toBe(4);
      expect(r.stderr).toBe('fwtui needs root: sudo fwtui\n');
    });

    it('lets an unprivileged user read a saved file', async () => {
      const r = await runCli(['list', '--file', join(FIXTURE_DIR, 'tutorial-webserver.v4.save')], { uid: 65534 });
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/^Chain INPUT/);
    });

    it('exits 5 with the install hint when iptables is not installed', async () => {
      // A PATH without the sbin folders hides iptables exactly as a machine without it.
      const r = await runCli(['export'], { path: `${process.execPath.replace(/\/node$/, '')}:/nonexistent` });
      expect(r.stderr).toBe('fwtui: iptables is not installed (iptables-save not found): apt-get install iptables\n');
      expect(r.exitCode).toBe(5);
    });

    it('exits 1 with a clear message for a namespace that does not exist', async () => {
      const r = await runCli(['export', '--netns', 'fwtui-no-such-netns']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/^fwtui: network namespace "fwtui-no-such-netns": cannot be entered/);
    });

    it(
      '--log FILE appends every command run (argv, exit ' + 'code, duration) and every message, in a 0600 file',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'fwtui-log-'));
        try {
          const log = join(dir, 'audit.log');
          const r = await runCli(['export', '--netns', 'fwtui-no-such-netns', '--log', log]);
          expect(r.exitCode).toBe(1);
          const text = readFileSync(log, 'utf8');
          expect(text).toMatch(/^\S+Z command exit=\d+ \d+ms ip netns exec fwtui-no-such-netns iptables-save -c ! /m);
          expect(text).toMatch(/^\S+Z message fwtui: network namespace "fwtui-no-such-netns": cannot be entered/m);
          expect(statSync(log).mode & 0o777).toBe(0o600);
          // A symbolic link in its place is refused, and nothing is written through it.
          const target = join(dir, 'target');
          writeFileSync(target, '');
          symlinkSync(target, join(dir, 'link.log'));
          const refused = await runCli([
            'export',
            '--file',
            join(FIXTURE_DIR, 'ufw-basic.v4.save'),
            '--log',
            join(dir, 'link.log'),
          ]);
          expect(refused.exitCode).toBe(1);
          expect(refused.stderr).toMatch(/^fwtui: cannot open the log .*link\.log: it is a symbolic link\n$/);
          expect(readFileSync(target, 'utf8')).toBe('');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  });
});
