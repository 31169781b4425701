import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWatch, type WatchRequest } from '../../../../src/app/watch/watch-session.js';
import type { Command, CommandResult } from '../../../../src/backend/command.js';
import { CommandNotFoundError } from '../../../../src/backend/errors.js';
import type { CommandRunner } from '../../../../src/backend/runner.js';
import { parseWatchFilter } from '../../../../src/domain/analysis/watch-filter.js';

const ok = (stdout = ''): CommandResult => ({ stdout, stderr: '', exitCode: 0, durationMs: 1 });
const fail = (stderr: string): CommandResult => ({ stdout: '', stderr, exitCode: 1, durationMs: 1 });

/** A runner playing iptables and xtables-monitor: `rule` answers each -I/-D, `monitorEndsAfter` ends the monitor. */
function fakeRunner(rule: (op: string, chain: string) => CommandResult, monitorEndsAfter?: number) {
  const calls: string[] = [];
  const runner: CommandRunner = {
    async run(cmd: Command) {
      const i = cmd.args.findIndex((a) => a === '-I' || a === '-D');
      if (i < 0) return fail('not played here');
      calls.push(`${cmd.args[i]} ${cmd.args[i + 1]}`);
      return rule(cmd.args[i]!, cmd.args[i + 1]!);
    },
    async stream() {
      return fail('not played here');
    },
    follow(_cmd, _out, onEnd) {
      const t =
        monitorEndsAfter === undefined
          ? null
          : setTimeout(
              () => onEnd({ stdout: '', stderr: 'netlink gone', exitCode: 1, durationMs: 1 }),
              monitorEndsAfter,
            );
      return { stop: () => t && clearTimeout(t) } as never;
    },
  };
  return { runner, calls };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fwtui-watch-'));
  process.env.FWTUI_STATE_DIR = dir;
});
afterEach(() => {
  delete process.env.FWTUI_STATE_DIR;
  rmSync(dir, { recursive: true, force: true });
});

const request = (words: string[]): WatchRequest => ({
  netns: undefined,
  backend: 'nft',
  filter: parseWatchFilter(words, 'ipv4'),
  count: 5,
  seconds: 60,
});
const records = (): boolean => existsSync(join(dir, 'watches')) && readdirCount(join(dir, 'watches')) > 0;
function readdirCount(d: string): number {
  return readdirSync(d).length;
}

describe('startWatch: never a TRACE rule without its record', () => {
  it('a failed rollback (even a missing program) keeps the record and names the rule left behind', async () => {
    const filter = request(['-p', 'tcp', '--dport', '22']);
    expect(filter.filter.chains.length).toBe(2);
    const { runner, calls } = fakeRunner((op, chain) => {
      if (op === '-I' && chain === filter.filter.chains[1])
        return fail('iptables: No chain/target/match by that name.');
      if (op === '-D') throw new CommandNotFoundError('iptables-nft');
      return ok();
    });
    const e = await startWatch(runner, filter, () => undefined, { settleMs: 1 }).catch((x: unknown) => x);
    expect(String(e)).toMatch(/could not all be removed.*raw PREROUTING/);
    expect(calls).toContain('-D PREROUTING');
    expect(records()).toBe(true);
  });

  it('a monitor that ends while starting is an error of the start, not a crash, and the rules come out', async () => {
    const { runner, calls } = fakeRunner(() => ok(), 1);
    const e = await startWatch(runner, request(['-p', 'tcp', '--dport', '22']), () => undefined, {
      settleMs: 20,
    }).catch((x: unknown) => x);
    expect(String(e)).toMatch(/trace monitor ended: xtables-monitor ended \(exit 1\): netlink gone/);
    expect(calls.filter((c) => c.startsWith('-I')).length).toBe(calls.filter((c) => c.startsWith('-D')).length);
    expect(records()).toBe(false);
  });
});
