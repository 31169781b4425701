/**
 * `fwtui apply FILE` without surprises (real iptables, nft and legacy): a file
 * of `-A` lines for *filter replaces the whole table, so on a host with
 * Docker's and fail2ban's chains apply first shows what that means, worst
 * first (policy changes, chains deleted and whose they are, chains flushed,
 * then rule counts), and refuses to delete another program's chains without
 * --force. --noflush works as `iptables-restore --noflush` does.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stateRoot } from '../../src/app/state/state-dir.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();

const HOST = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER - [0:0]
:DOCKER-USER - [0:0]
:WEB - [0:0]
:f2b-sshd - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j f2b-sshd
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j WEB
-A FORWARD -j DOCKER-USER
-A FORWARD -o docker0 -j DOCKER
-A DOCKER -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j ACCEPT
-A DOCKER-USER -j RETURN
-A WEB -s 198.51.100.7/32 -j DROP
-A WEB -j ACCEPT
-A f2b-sshd -s 203.0.113.9/32 -j REJECT --reject-with icmp-port-unreachable
-A f2b-sshd -j RETURN
COMMIT
`;

/** What a tutorial leaves: the policy line of a fresh machine and 200 per-port rules. */
const PORTS = Array.from({ length: 200 }, (_, i) => `-A INPUT -p tcp -m tcp --dport ${10000 + i} -j ACCEPT`);
const FILE = `*filter\n:INPUT ACCEPT [0:0]\n${PORTS.join('\n')}\nCOMMIT\n`;
/** For --noflush: an insert at the top, a user chain declared (flushed and refilled), a new chain. */
const MERGE = `*filter
:INPUT ACCEPT [0:0]
:WEB - [0:0]
:EXTRA - [0:0]
-I INPUT 1 -s 192.0.2.1/32 -j DROP
-A INPUT -p tcp -m tcp --dport 8080 -j ACCEPT
-A WEB -s 192.0.2.2/32 -j DROP
-A EXTRA -j RETURN
COMMIT
`;

const plain = (save: string): string =>
  save
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.replace(/ \[\d+:\d+\]$/, ''))
    .join('\n');

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`apply shows what a file replaces, worst first (${variant})`, () => {
    let ns: TestNetns;
    let dir: string;
    const save = (): Promise<string> => ns.exec([`iptables-${variant}-save`]);
    const target = (): string[] => ['--netns', ns.name, '--backend', variant];
    beforeAll(async () => {
      ns = await createNetns();
      dir = await mkdtemp(join(tmpdir(), 'fwtui-applysum-'));
      await writeFile(join(dir, 'ports.rules'), FILE);
      await writeFile(join(dir, 'merge.rules'), MERGE);
    });
    afterAll(async () => {
      await ns?.remove();
      if (ns) await rm(stateRoot(ns.name), { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    });
    beforeEach(async () => {
      await runCli(['revert', ...target()]);
      await ns.exec([`iptables-${variant}-restore`], HOST);
    });

    it("says first: policy, others' chains deleted, then counts; refused without --force (exit 12)", async () => {
      const before = await save();
      const r = await runCli(['apply', join(dir, 'ports.rules'), '--no-wait', ...target()]);
      const out = r.stdout + r.stderr;
      const at = (text: string): number => {
        const i = out.indexOf(text);
        expect(i, `"${text}" in:\n${out}`).toBeGreaterThanOrEqual(0);
        return i;
      };
      const policy = at('filter INPUT: policy DROP → ACCEPT');
      const docker = at("filter: chain DOCKER deleted with its 1 rule (Docker's chain)");
      const f2b = at("filter: chain f2b-sshd deleted with its 2 rules (fail2ban's chain)");
      const web = at('filter: chain WEB deleted with its 2 rules');
      const flushed = at('filter FORWARD: all 2 rules removed');
      const counts = at('filter: 200 rules added, 4 removed');
      expect(policy).toBeLessThan(docker);
      expect(Math.max(docker, f2b, web)).toBeLessThan(flushed);
      expect(flushed).toBeLessThan(counts);
      const owned = 'DOCKER, DOCKER-USER (Docker), f2b-sshd (fail2ban)';
      expect(r.stderr).toContain(`would delete chains of other programs: ${owned}`);
      expect(r.stderr).toMatch(/--force/);
      expect(r.stderr).toMatch(/--noflush/);
      expect(r.exitCode).toBe(12);
      // Nothing was applied, no per-rule lines were printed.
      expect(plain(await save())).toBe(plain(before));
      expect(out).not.toContain('new rule 1:');
    });

    it('--force applies it (the safety net still guards it)', async () => {
      const r = await runCli(['apply', join(dir, 'ports.rules'), '--no-wait', '--force', ...target()]);
      expect(r.stdout).toContain('filter INPUT: policy DROP → ACCEPT');
      expect(r.exitCode).toBe(0);
      expect(await save()).not.toContain(':DOCKER ');
      expect((await runCli(['revert', ...target()])).exitCode).toBe(0);
      expect(await save()).toContain(':DOCKER ');
    });

    it('--noflush changes what iptables-restore --noflush changes, and deletes nothing', async () => {
      const twin = await createNetns();
      try {
        await twin.exec([`iptables-${variant}-restore`], HOST);
        await twin.exec([`iptables-${variant}-restore`, '--noflush'], MERGE);
        const r = await runCli(['apply', join(dir, 'merge.rules'), '--noflush', '--no-wait', ...target()]);
        expect(r.stdout).toContain('filter INPUT: policy DROP → ACCEPT');
        expect(r.stdout).not.toMatch(/chain \S+ deleted/);
        expect(r.exitCode).toBe(0);
        expect(plain(await save())).toBe(plain(await twin.exec([`iptables-${variant}-save`])));
        expect((await runCli(['revert', ...target()])).exitCode).toBe(0);
      } finally {
        await twin.remove();
      }
    });
  });
}
