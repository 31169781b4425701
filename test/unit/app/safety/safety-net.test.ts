import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemdRunArgs } from '../../../../src/app/safety/guard-launch.js';
import { parseArgs, UsageError } from '../../../../src/cli/args.js';
import { makePlan } from '../../../../src/domain/commit/commit-plan.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { parseCommitRecord, RecordError, type CommitRecord } from '../../../../src/domain/commit/pending-commit.js';
import { replacePlans } from '../../../../src/domain/commit/replace-plan.js';
import { restoreScript } from '../../../../src/domain/commit/restore-script.js';
import { revertPlan, savedCopyText, savedTable } from '../../../../src/domain/commit/revert-plan.js';
import type { Table } from '../../../../src/domain/model/ruleset.js';
import { renamesOf } from '../../../../src/domain/diff/table-diff.js';
import { revertCommit } from '../../../../src/app/safety/revert.js';
import { openWithSealFile } from '../../../../src/app/state/seal-check.js';
import {
  claim,
  createCommit,
  ensureStateDir,
  listCommits,
  StateDirError,
} from '../../../../src/app/state/state-dir.js';
import { editPicks, editsFrom } from '../../../helpers/edit-gen.js';
import { RULES_V4 } from '../../../helpers/fake-source.js';
import { shape, simulateRestore } from '../../../helpers/restore-sim.js';
import type { Iptables } from '../../../../src/backend/iptables.js';
import { CommandError, RestoreError } from '../../../../src/backend/errors.js';

const filter = (): Table => parseSave(RULES_V4()).tables[0]!;

describe('revert plan', () => {
  it(
    'any commit, then another program writing elsewhere: the ' +
      'revert restores the touched chains and keeps the rest',
    () => {
      const base = filter();
      fc.assert(
        fc.property(editPicks, fc.nat(3), (picks, other) => {
          const { edits, staged } = editsFrom(base, picks);
          const plan = makePlan('ipv4', base, staged, renamesOf(edits, base));
          const script = restoreScript(plan.diff);
          const applied = script ? simulateRestore(base, script) : base;
          const saved = savedTable(plan, base);
          // Meanwhile another program adds its own chain and writes to a chain the commit did not touch.
          const touched = new Set([...saved.chains.map((c) => c.name), ...saved.created, ...saved.renamed.flat()]);
          const untouched = applied.chains.find((c) => !touched.has(c.name));
          let now = simulateRestore(applied, `*filter\n-N OTHERPROG\n-A OTHERPROG -j RETURN\nCOMMIT\n`);
          if (untouched && other > 0)
            now = simulateRestore(now, `*filter\n-A ${untouched.name} -s 192.0.2.250/32 -j ACCEPT\nCOMMIT\n`);
          const back = restoreScript(revertPlan(saved, now).diff);
          const reverted = back ? simulateRestore(now, back) : now;
          let expected = simulateRestore(base, `*filter\n-N OTHERPROG\n-A OTHERPROG -j RETURN\nCOMMIT\n`);
          if (untouched && other > 0)
            expected = simulateRestore(expected, `*filter\n-A ${untouched.name} -s 192.0.2.250/32 -j ACCEPT\nCOMMIT\n`);
          expect(shape(reverted)).toBe(shape(expected));
          // Run again (a revert interrupted and finished later): nothing left to do.
          expect(restoreScript(revertPlan(saved, reverted).diff)).toBeNull();
        }),
        { numRuns: 300 },
      );
    },
  );

  it('writes a copy an admin can load by hand: built-in chains flushed, counters kept', () => {
    const base = filter();
    const staged = { ...base, chains: base.chains.map((c) => (c.name === 'INPUT' ? { ...c, rules: [] } : c)) };
    const text = savedCopyText(savedTable(makePlan('ipv4', base, staged, new Map()), base));
    expect(text).toMatch(/^\*filter\n:INPUT DROP \[\d+:\d+\]\n-F INPUT\n\[\d+:\d+\] -A INPUT /);
    expect(text.endsWith('COMMIT\n')).toBe(true);
    expect(parseSave(text).tables[0]!.chains.find((c) => c.name === 'INPUT')!.rules).toEqual(
      base.chains.find((c) => c.name === 'INPUT')!.rules,
    );
  });
});

describe('apply FILE plans', () => {
  it('replaces only the tables in the file, and leaves rules written differently but meaning the same alone', () => {
    const live = parseSave(RULES_V4());
    const input = live.tables[0]!.chains.find((c) => c.name === 'INPUT')!;
    const typed = RULES_V4()
      .replace(/-m tcp --dport 22/, '--dport 22')
      .replace(/\*nat[\s\S]*$/, '');
    const plans = replacePlans(live, parseSave(typed));
    expect(plans).toEqual([]);
    const more = typed.replace('COMMIT', '-A INPUT -p tcp -m tcp --dport 5555 -j DROP\nCOMMIT');
    const [plan] = replacePlans(live, parseSave(more));
    expect(restoreScript(plan!.diff)).toBe(`*filter\n-A INPUT -p tcp -m tcp --dport 5555 -j DROP\nCOMMIT\n`);
    expect(input.rules.length).toBeGreaterThan(0);
  });
});

describe('commit records', () => {
  const record: CommitRecord = {
    version: 1,
    id: '0123456789abcdef',
    createdAt: 1,
    timeoutSec: 60,
    netns: null,
    backend: 'nft',
    tables: [{ family: 'ipv4', table: 'filter', chains: ['INPUT'], created: [], renamed: [['A', 'B']] }],
    summary: ['filter INPUT: new rule 1'],
    by: { user: 'root', tty: null, ssh: null, pid: 1 },
  };
  it('round-trips and rejects tampered fields', () => {
    expect(parseCommitRecord(JSON.stringify(record))).toEqual(record);
    expect(() => parseCommitRecord('{')).toThrow(RecordError);
    expect(() => parseCommitRecord(JSON.stringify({ ...record, id: '../../etc' }))).toThrow(/bad id/);
    expect(() => parseCommitRecord(JSON.stringify({ ...record, netns: 'a b' }))).toThrow(/bad netns/);
    expect(() =>
      parseCommitRecord(JSON.stringify({ ...record, tables: [{ ...record.tables[0], table: 'weird' }] })),
    ).toThrow(/bad table/);
    expect(() =>
      parseCommitRecord(JSON.stringify({ ...record, tables: [{ ...record.tables[0], chains: ['IN PUT'] }] })),
    ).toThrow(/bad chain name/);
  });
});

describe('command line of the safety net', () => {
  it('parses apply, confirm, revert, status and their limits', () => {
    expect(parseArgs(['apply', 'f.rules', '-6', '--confirm-timeout', '30', '--no-wait'])).toMatchObject({
      command: 'apply',
      applyFile: 'f.rules',
      family: 'ipv6',
      confirmTimeout: 30,
      noWait: true,
    });
    expect(parseArgs(['status', '--json'])).toMatchObject({ command: 'status', json: true });
    expect(parseArgs([]).confirmTimeout).toBe(60);
    expect(() => parseArgs(['apply'])).toThrow(/apply needs a FILE/);
    expect(() => parseArgs(['--confirm-timeout', '4'])).toThrow(/5 to 3600/);
    expect(() => parseArgs(['--confirm-timeout', '3601'])).toThrow(UsageError);
    expect(() => parseArgs(['--confirm-timeout', '1.5'])).toThrow(UsageError);
    expect(() => parseArgs(['confirm', '--no-wait'])).toThrow(/--no-wait goes with apply/);
    expect(() => parseArgs(['revert', '--file', 'x'])).toThrow(/live firewall/);
  });

  it('starts the guard under systemd as a transient service outside the login session', () => {
    expect(
      systemdRunArgs('0123456789abcdef', [
        '/usr/bin/node',
        '/opt/fwtui/dist/fwtui.mjs',
        '__guard',
        '/run/fwtui/0123456789abcdef',
      ]),
    ).toEqual([
      '--unit',
      'fwtui-guard-0123456789abcdef',
      '--description',
      'fwtui: revert commit 0123456789abcdef unless confirmed (guard)',
      '--collect',
      '--quiet',
      '--service-type=exec',
      '--property=KillMode=process',
      '--',
      '/usr/bin/node',
      '/opt/fwtui/dist/fwtui.mjs',
      '__guard',
      '/run/fwtui/0123456789abcdef',
    ]);
    expect(systemdRunArgs('0123456789abcdef', ['node'], { FWTUI_STATE_DIR: '/srv/state' })).toContain(
      '--setenv=FWTUI_STATE_DIR=/srv/state',
    );
  });
});

describe('state directory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fwtui-state-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const record = (id: string): CommitRecord => ({
    version: 1,
    id,
    createdAt: Date.now(),
    timeoutSec: 5,
    netns: null,
    backend: null,
    tables: [{ family: 'ipv4', table: 'filter', chains: ['INPUT'], created: [], renamed: [] }],
    summary: [],
    by: { user: 'root', tty: null, ssh: null, pid: 1 },
  });

  it('is created 0700 and refused when a file is in the way', async () => {
    const root = join(dir, 'state');
    await ensureStateDir(root);
    const { statSync } = await import('node:fs');
    expect(statSync(root).mode & 0o777).toBe(0o700);
    await writeFile(join(dir, 'file'), '');
    await expect(ensureStateDir(join(dir, 'file', 'state'))).rejects.toThrow(StateDirError);
  });

  it('confirm and the deadline claim the same token: exactly one rename wins', async () => {
    for (let i = 0; i < 20; i++) {
      const id = `${i}`.padStart(16, 'a');
      const cdir = await createCommit(
        dir,
        record(id),
        new Map([['ipv4', '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n']]),
        Date.now(),
      );
      const results = await Promise.all([claim(cdir, 'pending', 'confirmed'), claim(cdir, 'pending', 'reverting.1')]);
      expect(results.filter(Boolean)).toHaveLength(1);
    }
    expect((await listCommits(dir)).map((c) => c.state).sort()).toHaveLength(20);
  });

  it('a revert iptables keeps refusing is retried, then reported with what failed', async () => {
    const cdir = await createCommit(
      dir,
      record('00000000000000ff'),
      new Map([['ipv4', '*filter\n:INPUT ACCEPT [1:2]\n-F INPUT\n[3:4] -A INPUT -j ACCEPT\nCOMMIT\n']]),
      Date.now(),
    );
    let writes = 0;
    const failing = {
      saveTable: async () => ({
        ruleset: parseSave('*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n'),
        variant: 'nft',
        text: '',
        durationMs: 1,
      }),
      restore: async () => {
        writes++;
        throw new RestoreError(
          new CommandError({ file: 'iptables-restore', args: [] }, 1, 'iptables-restore: line 2 failed: Resource busy'),
          '*filter\n-F INPUT\n',
        );
      },
      variant: async () => 'nft',
      exclusive: (_family: string, fn: (locked: boolean) => Promise<unknown>) => fn(false),
    } as unknown as Iptables;
    const report = await revertCommit(failing, openWithSealFile(cdir, null), { attempts: 3, pauseMs: 1 });
    expect(writes).toBe(3);
    expect(report.ok).toBe(false);
    expect(report.messages.join('\n')).toMatch(/NOT restored after 3 attempts: IPv4 filter: /);
  });
});
