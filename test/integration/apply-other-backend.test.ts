/**
 * `fwtui apply FILE` without --backend on a namespace whose rules are in iptables-legacy (real iptables): the system's
 * `iptables` is nf_tables, whose ruleset is empty there. Writing the file into it would add a second ruleset beside
 * the legacy one (packets must pass both) and leave empty nf_tables tables after a revert: apply refuses (exit 12),
 * names `--backend legacy`, and writes nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveSource } from '../../src/app/sources/firewall-sources.js';
import { createIptables } from '../../src/backend/iptables.js';
import { createExecaRunner } from '../../src/backend/runner.js';
import { createAppStore } from '../../src/store/create-app-store.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();

const LEGACY = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
`;

const FILE = `*filter
:INPUT DROP [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
COMMIT
`;

describe.runIf(available)('apply without --backend where only iptables-legacy holds rules', () => {
  let ns: TestNetns;
  let dir: string;
  beforeAll(async () => {
    ns = await createNetns();
    dir = await mkdtemp(join(tmpdir(), 'fwtui-otherbackend-'));
    await writeFile(join(dir, 'web.rules'), FILE);
    await ns.exec(['iptables-legacy-restore', '-w', '5'], LEGACY);
  });
  afterAll(async () => {
    await ns?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses (exit 12), names --backend legacy, and writes nothing into nf_tables', async () => {
    // The system's iptables is nf_tables here: without --backend, that is the ruleset apply would write.
    expect(await ns.exec(['iptables', '-V'])).toMatch(/nf_tables/);
    const legacyBefore = await ns.exec(['iptables-legacy-save']);
    const env = { FWTUI_STATE_DIR: join(dir, 'state'), PATH: process.env.PATH ?? '' };
    const r = await runCli(['apply', join(dir, 'web.rules'), '--no-wait', '--netns', ns.name], { env });
    expect(r.stderr).toContain('iptables-legacy');
    expect(r.stderr).toContain(`fwtui apply ${join(dir, 'web.rules')} --netns ${ns.name} --backend legacy`);
    expect(r.exitCode, r.stdout + r.stderr).toBe(12);
    expect(r.stdout).not.toMatch(/rules added/);
    // No nf_tables table was created, and the legacy rules are as they were.
    expect((await ns.exec(['iptables-nft-save'])).trim()).toBe('');
    const strip = (s: string): string => s.replace(/^#.*\n/gm, '');
    expect(strip(await ns.exec(['iptables-legacy-save']))).toBe(strip(legacyBefore));
  });

  it('block --rule is refused the same way (its DROP rule would go into nf_tables); no set is created', async () => {
    const list = join(dir, 'bad.list');
    await writeFile(list, '192.0.2.7\n');
    const env = { FWTUI_STATE_DIR: join(dir, 'state3'), PATH: process.env.PATH ?? '' };
    const words = ['block', '--set', 'bad', '--create', 'hash:net', '--file', list];
    const r = await runCli([...words, '--rule', '--no-wait', '--netns', ns.name], { env });
    expect(r.stderr).toContain(`fwtui ${words.join(' ')} --rule --netns ${ns.name} --backend legacy`);
    expect(r.exitCode, r.stdout + r.stderr).toBe(12);
    expect((await ns.exec(['iptables-nft-save'])).trim()).toBe('');
    expect((await ns.exec(['ipset', 'list', '-n'])).trim()).toBe('');
  });

  it("the view's commit without --backend is refused the same way and names --backend legacy", async () => {
    const source = liveSource(createIptables({ runner: createExecaRunner(), netns: ns.name }));
    const store = createAppStore({ source });
    const act = store.getState().actions;
    await act.load();
    expect(store.getState().status, store.getState().error ?? '').toBe('loaded');
    expect(await act.runCommands('iptables -A INPUT -p tcp --dport 80 -j ACCEPT')).toBeNull();
    act.openCommit();
    await act.applyCommit();
    const said = `${store.getState().error ?? ''} ${store.getState().notice ?? ''}`;
    expect(said).toContain(`fwtui --netns ${ns.name} --backend legacy`);
    expect((await ns.exec(['iptables-nft-save'])).trim()).toBe('');
  });

  it('with --backend legacy the same file is applied to the legacy rules', async () => {
    const env = { FWTUI_STATE_DIR: join(dir, 'state2'), PATH: process.env.PATH ?? '' };
    const args = ['apply', join(dir, 'web.rules'), '--no-wait', '--netns', ns.name, '--backend', 'legacy'];
    const r = await runCli(args, { env });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(await ns.exec(['iptables-legacy-save'])).toContain('--dport 80 -j ACCEPT');
    expect((await ns.exec(['iptables-nft-save'])).trim()).toBe('');
    await runCli(['revert', '--netns', ns.name, '--backend', 'legacy'], { env });
  });
});

describe.runIf(available)('apply without --backend beside empty iptables-legacy tables', () => {
  let ns: TestNetns;
  let dir: string;
  beforeAll(async () => {
    ns = await createNetns();
    dir = await mkdtemp(join(tmpdir(), 'fwtui-otherbackend-empty-'));
    await writeFile(join(dir, 'web.rules'), FILE);
    // One look with iptables-legacy loads its filter table, empty: iptables-nft-save then warns of legacy tables.
    await ns.exec(['iptables-legacy', '-w', '5', '-L', '-n']);
    expect(await ns.exec(['cat', '/proc/net/ip_tables_names'])).toMatch(/filter/);
  });
  afterAll(async () => {
    await ns?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('is not refused: nothing is in iptables-legacy to be beside (the file goes into nf_tables)', async () => {
    const env = { FWTUI_STATE_DIR: join(dir, 'state'), PATH: process.env.PATH ?? '' };
    const r = await runCli(['apply', join(dir, 'web.rules'), '--no-wait', '--netns', ns.name], { env });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(await ns.exec(['iptables-nft-save'])).toContain('--dport 80 -j ACCEPT');
    await runCli(['revert', '--netns', ns.name], { env });
  });

  it("the view's commit is not refused either", async () => {
    const source = liveSource(createIptables({ runner: createExecaRunner(), netns: ns.name }));
    const store = createAppStore({ source });
    const act = store.getState().actions;
    await act.load();
    expect(await act.runCommands('iptables -A INPUT -p tcp --dport 81 -j ACCEPT')).toBeNull();
    act.openCommit();
    await act.applyCommit();
    expect(store.getState().error).toBeNull();
    expect(await ns.exec(['iptables-nft-save'])).toContain('--dport 81 -j ACCEPT');
  });
});
