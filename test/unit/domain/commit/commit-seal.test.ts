/**
 * A commit's seal (issue #15 item 7, last rule): what the guard acts on comes
 * from what it was started with and is cross-checked with the record. The
 * canonical text, the guard's argv, and each kind of mismatch: nothing of a
 * commit that does not match is loaded.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Iptables } from '../../../../src/backend/iptables.js';
import { parseSealText, sealText, type SealAnchor, type SealFacts } from '../../../../src/domain/commit/commit-seal.js';
import { guardAnchorArgs, parseGuardArgs } from '../../../../src/domain/commit/guard-argv.js';
import type { CommitRecord } from '../../../../src/domain/commit/pending-commit.js';
import { runGuard } from '../../../../src/app/safety/guard.js';
import { settleOrphan } from '../../../../src/app/safety/orphans.js';
import { checkPending, claimAndRevert, revertNow } from '../../../../src/app/safety/safety-net.js';
import { openSealed, openWithSealFile } from '../../../../src/app/state/seal-check.js';
import { sealCommit, sha256 } from '../../../../src/app/state/seal-make.js';
import {
  claim,
  createCommit,
  ensureStateDir,
  readAnomalies,
  readCommit,
  tokenOf,
} from '../../../../src/app/state/state-dir.js';

const asRoot = process.getuid?.() === 0;
const base = mkdtempSync(join(tmpdir(), 'fwtui-seal-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const HEX = 'a'.repeat(64);
const FACTS: SealFacts = {
  id: '0123456789abcdef',
  netns: 'lab',
  backend: 'nft',
  record: HEX,
  copies: { ipv6: 'b'.repeat(64), ipv4: 'c'.repeat(64) },
};

describe('the seal text', () => {
  it('is one fact a line, families in a fixed order, and reads back the same', () => {
    const text = sealText(FACTS);
    expect(text).toBe(
      'fwtui commit seal v1\nid 0123456789abcdef\nnetns lab\nbackend nft\n' +
        `record ${HEX}\ncopy ipv4 ${'c'.repeat(64)}\ncopy ipv6 ${'b'.repeat(64)}\n`,
    );
    expect(parseSealText(text)).toEqual(FACTS);
    const host = { ...FACTS, netns: null, backend: null, copies: { ipv4: HEX } };
    expect(sealText(host)).toContain('\nnetns -\nbackend -\n');
    expect(parseSealText(sealText(host))).toEqual(host);
  });

  it('anything else is not a seal', () => {
    const text = sealText(FACTS);
    for (const bad of [
      '',
      text.replace('v1', 'v2'),
      text.replace('netns lab', 'netns ../x'),
      text.replace('backend nft', 'backend iptables'),
      text.replace(`record ${HEX}`, 'record 12'),
      text.trimEnd(),
      `${text}copy ipv4 ${HEX}\n`,
      text.replace('id ', 'id  '),
      // Not in the canonical order: a text sealText did not write gives another digest, so it is refused.
      text.replace(/copy ipv4 (\w+)\ncopy ipv6 (\w+)/, 'copy ipv6 $2\ncopy ipv4 $1'),
    ]) {
      expect(() => parseSealText(bad), JSON.stringify(bad)).toThrow();
    }
  });
});

describe("the guard's argv", () => {
  const anchor: SealAnchor = { netns: 'lab', backend: 'legacy', seal: HEX, from: "the guard's command line" };

  it('carries namespace, backend and seal, and reads back the same (the partner is restarted with it)', () => {
    expect(guardAnchorArgs(anchor)).toEqual(['--netns', 'lab', '--backend', 'legacy', '--seal', HEX]);
    expect(parseGuardArgs(['/run/fwtui/x', 'watcher', ...guardAnchorArgs(anchor)])).toEqual({
      dir: '/run/fwtui/x',
      role: 'watcher',
      anchor,
    });
    const host = { ...anchor, netns: null, backend: null };
    expect(guardAnchorArgs(host)).toEqual(['--host', '--backend', 'default', '--seal', HEX]);
    expect(parseGuardArgs(['/d', 'guard', ...guardAnchorArgs(host)])).toEqual({
      dir: '/d',
      role: 'guard',
      anchor: host,
    });
    // A namespace name as long as `ip netns` and fwtui --netns take (the guard of such a commit must start).
    const long = { ...anchor, netns: `ns-${'x'.repeat(200)}` };
    expect(parseGuardArgs(['/d', 'guard', ...guardAnchorArgs(long)])).toMatchObject({ anchor: long });
  });

  it('without them (or with anything odd) it is not a guard: it says so', () => {
    for (const args of [
      ['/d', 'guard'],
      ['/d'],
      ['/d', 'guard', '--host', '--backend', 'nft'],
      ['/d', 'boss', '--host', '--backend', 'nft', '--seal', HEX],
      ['/d', 'guard', '--host', '--netns', 'x', '--backend', 'nft', '--seal', HEX],
      ['/d', 'guard', '--host', '--backend', 'nft', '--seal', 'abc'],
      ['/d', 'guard', '--netns', '../x', '--backend', 'nft', '--seal', HEX],
      ['/d', 'guard', '--host', '--backend', 'nft', '--seal', HEX, '--x'],
    ]) {
      expect(parseGuardArgs(args), args.join(' ')).toHaveProperty('error');
    }
  });
});

const COPY = '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n';
const PLANTED = '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 203.0.113.66/32 -j ACCEPT\nCOMMIT\n';
let n = 0;

/** A commit written as an apply writes it, in the state of namespace `lab`; its anchor is what the guard gets. */
async function armed(): Promise<{ root: string; dir: string; anchor: SealAnchor; record: CommitRecord }> {
  const root = join(base, `s${++n}`, 'netns', 'lab');
  await ensureStateDir(root);
  const record: CommitRecord = {
    version: 1,
    id: `${n}`.padStart(16, '0'),
    createdAt: Date.now(),
    timeoutSec: 5,
    netns: 'lab',
    backend: 'nft',
    tables: [{ family: 'ipv4', table: 'filter', chains: ['INPUT'], created: [], renamed: [] }],
    summary: ['filter INPUT: 1 added'],
    by: { user: 'root', tty: null, ssh: null, pid: process.pid },
  };
  const copies = new Map([['ipv4', COPY]] as const);
  const dir = await createCommit(root, record, copies, Date.now() + 60_000);
  return { root, dir, anchor: { ...sealCommit(record, copies).anchor, from: "the guard's command line" }, record };
}
const edit = (path: string, from: string, to: string): void =>
  writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
/** An Iptables that must never be reached: a refused commit loads nothing. */
const untouchable = new Proxy(
  {},
  {
    get: () => () => {
      throw new Error('iptables was reached');
    },
  },
) as unknown as Iptables;

describe.runIf(asRoot)('checking a commit against its seal', () => {
  it("as written: the record and the copies exactly as hashed, to revert in the anchor's firewall", async () => {
    const { dir, anchor, record } = await armed();
    const sealed = openSealed(dir, anchor, 'lab');
    expect(sealed.record).toEqual({ ...record, copies: { ipv4: sha256(COPY) } });
    expect(sealed.copies.get('ipv4')).toBe(COPY);
    expect(sealed.anchor).toBe(anchor);
    expect(openWithSealFile(dir, 'lab').anchor).toMatchObject({ netns: 'lab', backend: 'nft', seal: anchor.seal });
    expect(JSON.parse(readFileSync(join(dir, 'commit.json'), 'utf8')).copies).toEqual({ ipv4: sha256(COPY) });
  });

  it('the record names another namespace: refused, against the argv and the seal file alike', async () => {
    const { dir, anchor } = await armed();
    edit(join(dir, 'commit.json'), '"netns": "lab"', '"netns": "elsewhere"');
    expect(() => openSealed(dir, anchor, 'lab')).toThrow(
      'commit.json names namespace "elsewhere", but the guard\'s command line says namespace "lab"; ' +
        'commit.json was changed after the commit was armed',
    );
    const fromFile = /commit\.json names namespace "elsewhere", but the commit's seal file says namespace "lab"/;
    expect(() => openWithSealFile(dir, 'lab')).toThrow(fromFile);
  });

  it('the record sends it to the host: refused', async () => {
    const { dir, anchor } = await armed();
    edit(join(dir, 'commit.json'), '"netns": "lab"', '"netns": null');
    const words = /commit\.json names the host, but the guard's command line says namespace "lab"/;
    expect(() => openSealed(dir, anchor, 'lab')).toThrow(words);
  });

  it('the record names another backend: refused', async () => {
    const { dir, anchor } = await armed();
    edit(join(dir, 'commit.json'), '"backend": "nft"', '"backend": "legacy"');
    const words = /commit\.json names backend "legacy", but the guard's command line says "nft"/;
    expect(() => openSealed(dir, anchor, 'lab')).toThrow(words);
  });

  it('a saved copy replaced after arming: refused, the planted text is never handed on', async () => {
    const { dir, anchor } = await armed();
    writeFileSync(join(dir, 'before-ipv4.rules'), PLANTED);
    expect(() => openSealed(dir, anchor, 'lab')).toThrow(
      /^before-ipv4\.rules was changed after the commit was armed \(its sha256 is not the one recorded\)$/,
    );
  });

  it('a copy replaced, its digest rewritten in record and seal file: the argv seal still refuses it', async () => {
    const { dir, anchor } = await armed();
    writeFileSync(join(dir, 'before-ipv4.rules'), PLANTED);
    edit(join(dir, 'commit.json'), sha256(COPY), sha256(PLANTED));
    const recordNow = sha256(readFileSync(join(dir, 'commit.json'), 'utf8'));
    const facts = parseSealText(readFileSync(join(dir, 'seal'), 'utf8'));
    writeFileSync(join(dir, 'seal'), sealText({ ...facts, record: recordNow, copies: { ipv4: sha256(PLANTED) } }));
    const words = /^the commit's files do not match the seal the guard's command line carries$/;
    expect(() => openSealed(dir, anchor, 'lab')).toThrow(words);
  });

  it('any other change of the record: refused', async () => {
    const { dir, anchor } = await armed();
    edit(join(dir, 'commit.json'), '"chains": [\n        "INPUT"', '"chains": [\n        "OUTPUT"');
    expect(() => openSealed(dir, anchor, 'lab')).toThrow(/^commit\.json was changed after the commit was armed$/);
  });

  it("a commit lying in another namespace's state, or a guard told another one: refused", async () => {
    const { dir, anchor } = await armed();
    const elsewhere = /lies in the state of namespace "other", but the guard's command line says namespace "lab"/;
    expect(() => openSealed(dir, anchor, 'other')).toThrow(elsewhere);
    expect(() => openWithSealFile(dir, null)).toThrow(
      /lies in the state of the host, but its seal names namespace "lab"/,
    );
    expect(() => openSealed(dir, { ...anchor, netns: 'other' }, 'other')).toThrow(/commit\.json names namespace "lab"/);
    expect(() => openSealed(dir, { ...anchor, seal: HEX })).toThrow(/do not match the seal/);
  });

  it('a damaged seal file: commands without the argv refuse; the guard still checks its own seal', async () => {
    const { dir, anchor } = await armed();
    writeFileSync(join(dir, 'seal'), 'no seal\n');
    expect(() => openWithSealFile(dir, 'lab')).toThrow(/the commit's seal file cannot be read \(not a seal\)/);
    expect(openSealed(dir, anchor, 'lab').copies.get('ipv4')).toBe(COPY);
  });

  it('a seal file that reads well but differs: commands refuse, the guard trusts its argv and reverts', async () => {
    const { dir, anchor, record } = await armed();
    const text = readFileSync(join(dir, 'seal'), 'utf8');
    writeFileSync(join(dir, 'seal'), text.replace(sha256(COPY), HEX));
    expect(() => openWithSealFile(dir, 'lab')).toThrow(/before-ipv4\.rules was changed/);
    const opened = openSealed(dir, anchor, 'lab');
    expect(opened.record).toEqual({ ...record, copies: { ipv4: sha256(COPY) } });
    expect(opened.copies.get('ipv4')).toBe(COPY);
  });

  it('armed by an fwtui without seals: said so, not called tampering', async () => {
    const { dir } = await armed();
    rmSync(join(dir, 'seal'));
    const path = join(dir, 'commit.json');
    const old = JSON.parse(readFileSync(path, 'utf8'));
    delete old.copies;
    writeFileSync(path, JSON.stringify(old));
    expect(() => openWithSealFile(dir, 'lab')).toThrow(/armed by an fwtui without seals \(an older version\)/);
  });
});

describe.runIf(asRoot)('a revert claims only an open commit', () => {
  it('confirmed, reverted or aborted since the reverter looked: lost, nothing loaded, the state kept', async () => {
    for (const closed of ['confirmed', 'reverted', 'aborted']) {
      const { dir, anchor } = await armed();
      // A confirm (or a partner's revert) lands between the reverter's look and its claim.
      expect(await claim(dir, 'pending', closed)).toBe(true);
      const now = readCommit(dir)!;
      const target = { anchor, at: 'lab', makeIptables: () => untouchable };
      const r = await claimAndRevert(now, target, 'a late reverter', Date.now);
      expect(r.kind, closed).toBe('lost');
      expect(tokenOf(dir)?.state).toBe(closed);
    }
  });
});

describe.runIf(asRoot)('every revert path refuses a commit that does not match its seal', () => {
  const deps = { makeIptables: () => untouchable, now: () => Date.now(), netns: 'lab' };

  it('the guard: loads nothing, says so (log, system log, anomaly file), leaves the commit open; exits', async () => {
    const { dir, anchor } = await armed();
    writeFileSync(join(dir, 'before-ipv4.rules'), PLANTED);
    const logs: string[] = [];
    const alarms: string[] = [];
    const code = await runGuard(dir, {
      base: join(dir, '..', '..', '..'),
      anchor,
      makeIptables: () => untouchable,
      log: (l) => logs.push(l),
      alarm: (l) => alarms.push(l),
      now: () => Date.now(),
      tickMs: 10,
    });
    expect(code).toBe(2);
    const said =
      /ANOMALY: NOT reverted: .*before-ipv4\.rules was changed after the commit was armed.*fwtui status --netns lab/;
    expect(logs.join('\n')).toMatch(said);
    expect(alarms).toHaveLength(1);
    expect(readAnomalies(dir)).toMatch(/NOT reverted/);
    expect(tokenOf(dir)?.state).toBe('pending');
  });

  it('status, revert and the orphan check at the next command: refused, the commit stays open', async () => {
    const { root, dir } = await armed();
    edit(join(dir, 'commit.json'), '"netns": "lab"', '"netns": "elsewhere"');
    const report = await checkPending(root, deps, () => false);
    expect(report).toMatchObject({
      kind: 'refused',
      problems: [expect.stringMatching(/commit\.json names namespace "elsewhere"/), expect.anything()],
    });
    const r = await revertNow(root, deps, 'fwtui revert');
    expect(r.kind).toBe('refused');
    const launched: unknown[] = [];
    const action = await settleOrphan(
      root,
      { ...deps, launchGuard: async (...a) => void launched.push(a) },
      'fwtui list',
    );
    expect(action?.kind).toBe('refused');
    expect(launched).toEqual([]);
    expect(tokenOf(dir)?.state).toBe('pending');
    expect(readAnomalies(dir)).toMatch(/NOT reverted/);
  });

  it("the orphan check restarts a matching commit's watchers with the facts of its seal", async () => {
    const { root, dir, anchor } = await armed();
    const launched: unknown[][] = [];
    const action = await settleOrphan(
      root,
      { ...deps, launchGuard: async (...a) => void launched.push(a) },
      'fwtui list',
    );
    expect(action?.kind).toBe('rearmed');
    const told = expect.objectContaining({ netns: 'lab', backend: 'nft', seal: anchor.seal });
    expect(launched).toEqual([[dir, expect.any(String), told]]);
  });
});
