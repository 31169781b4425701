import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWatchCleaner } from '../../../../src/app/watch/watch-cleaner.js';
import { processStart, readWatchRecord, watchDir, writeWatchRecord } from '../../../../src/app/watch/watch-record.js';
import type { CommandResult } from '../../../../src/backend/command.js';
import type { CommandRunner } from '../../../../src/backend/runner.js';

/** A runner for a cleaner that must not touch the firewall: any command fails the test. */
const untouched: CommandRunner = {
  run: async (cmd) => {
    throw new Error(`unexpected command ${cmd.file} ${cmd.args.join(' ')}`);
  },
  stream: async (cmd) => {
    throw new Error(`unexpected command ${cmd.file} ${cmd.args.join(' ')}`);
  },
};

describe("the watch cleaner's checks (nothing is run)", () => {
  let base: string;
  const saved = process.env.FWTUI_STATE_DIR;
  const id = `${process.pid}-0badcafe`;
  const target = { id, netns: 'fw1', family: 'ipv4', variant: 'nft', owner: process.pid } as const;
  const record = {
    id,
    pid: process.pid,
    pidStart: processStart(process.pid),
    family: 'ipv4',
    variant: 'nft',
    createdAt: 0,
  } as const;
  const lines: string[] = [];
  const deps = { runner: untouched, log: (l: string) => void lines.push(l), tickMs: 20 };

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'fwtui-cleaner-'));
    process.env.FWTUI_STATE_DIR = base;
    lines.length = 0;
  });
  afterEach(() => {
    process.env.FWTUI_STATE_DIR = saved;
    if (saved === undefined) delete process.env.FWTUI_STATE_DIR;
    rmSync(base, { recursive: true, force: true });
  });

  it('exits at once when there is no record (the watch ended and cleaned up)', async () => {
    expect(await runWatchCleaner(target, deps)).toBe(0);
  });

  it('waits while its fwtui runs, and exits when fwtui removes the record itself', async () => {
    await writeWatchRecord('fw1', record);
    const ended = runWatchCleaner(target, deps);
    let done = false;
    void ended.then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(done).toBe(false);
    unlinkSync(join(watchDir('fw1'), `${id}.json`));
    expect(await ended).toBe(0);
  });

  it('does not act on a record that differs from what it was told', async () => {
    for (const [field, value] of [
      ['pid', 1],
      ['family', 'ipv6'],
      ['variant', 'legacy'],
    ] as const) {
      await writeWatchRecord('fw1', { ...record, [field]: value });
      expect(await runWatchCleaner(target, deps)).toBe(2);
    }
    expect(lines.join('\n')).toContain('does not match this cleaner (owner 1, not');
  });

  it('does not act on a record that is a symlink or not one fwtui writes', async () => {
    await writeWatchRecord('fw1', record);
    const path = join(watchDir('fw1'), `${id}.json`);
    writeFileSync(path, JSON.stringify({ ...record, createsRaw: 'yes' }));
    expect(await runWatchCleaner(target, deps)).toBe(2);
    unlinkSync(path);
    const elsewhere = join(base, 'elsewhere.json');
    writeFileSync(elsewhere, JSON.stringify({ ...record, pid: 1 }), { mode: 0o600 });
    symlinkSync(elsewhere, path);
    expect(await runWatchCleaner({ ...target, owner: 1 }, deps)).toBe(2);
    expect(lines).toHaveLength(2);
  });

  it('a rule put in after the first removal that cannot be removed either: its record comes back', async () => {
    // fwtui gone (a pid that is not running); its watch's rule is removed, then one comes again that stays.
    const gone = { ...record, pid: 999_999_999, pidStart: null };
    await writeWatchRecord('fw1', gone);
    const rule = `-A PREROUTING -p tcp -m tcp --dport 22 -m comment --comment "fwtui-watch ${id}" -j TRACE`;
    const save = (withRule: boolean) => `*raw\n:PREROUTING ACCEPT [0:0]\n${withRule ? `${rule}\n` : ''}COMMIT\n`;
    let deletes = 0;
    const answer = async (cmd: { args: readonly string[] }): Promise<CommandResult> => {
      const stdout = cmd.args.some((a) => a.endsWith('-save')) ? save(true) : '';
      const refused = cmd.args.includes('-D') && deletes++ > 0;
      return {
        stdout,
        stderr: refused ? 'Another app is currently holding the xtables lock' : '',
        exitCode: refused ? 4 : 0,
        durationMs: 1,
      };
    };
    const runner: CommandRunner = {
      run: answer,
      stream: async (cmd, onStdout) => {
        const r = await answer(cmd);
        onStdout(r.stdout);
        return { ...r, stdout: '' };
      },
    };
    const t = { ...target, owner: gone.pid };
    const code = await runWatchCleaner(t, { ...deps, runner, lateMs: 10, attempts: 2, retryMs: 10 });
    expect(code).toBe(1);
    expect(deletes).toBe(3);
    expect(readWatchRecord('fw1', id)).not.toBeNull();
  });
});
