import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWatch, WatchStartError, type WatchRequest } from '../../../../src/app/watch/watch-session.js';
import type { Command, CommandResult } from '../../../../src/backend/command.js';
import { CommandNotFoundError } from '../../../../src/backend/errors.js';
import type { CommandRunner } from '../../../../src/backend/runner.js';
import { EXIT } from '../../../../src/cli/exit-codes.js';
import { report } from '../../../../src/cli/error-report.js';
import { parseWatchFilter } from '../../../../src/domain/analysis/watch-filter.js';

const ok = (stdout = ''): CommandResult => ({ stdout, stderr: '', exitCode: 0, durationMs: 1 });
const fail = (stderr: string): CommandResult => ({ stdout: '', stderr, exitCode: 1, durationMs: 1 });

interface Play {
  /** Answers each -I/-D. */
  rule: (op: string, chain: string) => CommandResult;
  /** Ends the monitor this many ms after it starts. */
  monitorEndsAfter?: number;
  /** Called after the first -I (raw PREROUTING) with the watch's id and a way to feed monitor output. */
  inserted?: (id: string, feed: (text: string) => void, endMonitor: () => void) => void;
  /** How long iptables-save takes, and what it prints. */
  save?: { ms: number; text: string };
}

/** A runner playing iptables and xtables-monitor. */
function fakeRunner(play: Play) {
  const calls: string[] = [];
  let feed: (text: string) => void = () => undefined;
  let endMonitor: () => void = () => undefined;
  const runner: CommandRunner = {
    async run(cmd: Command) {
      if (cmd.file.endsWith('-save') && play.save) {
        await new Promise((r) => setTimeout(r, play.save!.ms));
        return ok(play.save.text);
      }
      const i = cmd.args.findIndex((a) => a === '-I' || a === '-D');
      if (i < 0) return fail('not played here');
      calls.push(`${cmd.args[i]} ${cmd.args[i + 1]}`);
      const r = play.rule(cmd.args[i]!, cmd.args[i + 1]!);
      const comment = cmd.args[cmd.args.indexOf('--comment') + 1] ?? '';
      // Once: the same lines fed again would be the trace of a second packet (the kernel reuses ids).
      if (cmd.args[i] === '-I' && cmd.args[i + 1] === 'PREROUTING')
        play.inserted?.(comment.replace('fwtui-watch ', ''), feed, endMonitor);
      return r;
    },
    async stream(cmd, onStdout) {
      if (!cmd.file.endsWith('-save') || !play.save) return fail('not played here');
      await new Promise((r) => setTimeout(r, play.save!.ms));
      onStdout(play.save.text);
      return ok();
    },
    follow(_cmd, out, onEnd) {
      feed = out;
      endMonitor = () => onEnd({ stdout: '', stderr: 'netlink gone', exitCode: 1, durationMs: 1 });
      const t = play.monitorEndsAfter === undefined ? null : setTimeout(endMonitor, play.monitorEndsAfter);
      return { stop: () => t && clearTimeout(t), pid: undefined };
    },
  };
  return { runner, calls };
}

/** A SYN to port 22 marked by the TRACE rule of watch `id`, accepted in INPUT (kernel id `pkt`). */
const packetLines = (pkt: string, id: string): string =>
  [
    `PACKET: 2 ${pkt} IN=lo LOOPBACK SRC=127.0.0.1 DST=127.0.0.1 LEN=60 TTL=64 ID=1 DF SPORT=44584 DPORT=22 SYN `,
    ` TRACE: 2 ${pkt} raw:PREROUTING:rule:0x4:CONTINUE  -4 -t raw -A PREROUTING -p tcp -m tcp --dport 22` +
      ` -m comment --comment "fwtui-watch ${id}" -j TRACE`,
    ` TRACE: 2 ${pkt} raw:PREROUTING:policy:ACCEPT `,
    ` TRACE: 2 ${pkt} filter:INPUT:rule:0x7:ACCEPT  -4 -t filter -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT`,
    '',
  ].join('\n');

const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
`;

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
    const { runner, calls } = fakeRunner({
      rule: (op, chain) => {
        if (op === '-I' && chain === filter.filter.chains[1]) return fail('iptables: No chain/target/match.');
        if (op === '-D') throw new CommandNotFoundError('iptables-nft');
        return ok();
      },
    });
    const e = await startWatch(runner, filter, () => undefined, { settleMs: 1 }).catch((x: unknown) => x);
    expect(String(e)).toMatch(/could not all be removed.*raw PREROUTING/);
    expect(calls).toContain('-D PREROUTING');
    expect(records()).toBe(true);
  });

  it('a monitor that ends while starting is an error of the start, not a crash, and the rules come out', async () => {
    const { runner, calls } = fakeRunner({ rule: () => ok(), monitorEndsAfter: 1 });
    const e = await startWatch(runner, request(['-p', 'tcp', '--dport', '22']), () => undefined, {
      settleMs: 20,
    }).catch((x: unknown) => x);
    expect(String(e)).toMatch(/trace monitor ended: xtables-monitor ended \(exit 1\): netlink gone/);
    expect(calls.filter((c) => c.startsWith('-I')).length).toBe(calls.filter((c) => c.startsWith('-D')).length);
    expect(records()).toBe(false);
  });

  it('a monitor that ends while the rules go in: they come out again and the start fails (no crash)', async () => {
    const said: string[] = [];
    const { runner, calls } = fakeRunner({ rule: () => ok(), inserted: (_id, _feed, endMonitor) => endMonitor() });
    const e = await startWatch(runner, request(['-p', 'tcp', '--dport', '22']), () => undefined, {
      settleMs: 1,
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WatchStartError);
    expect(report(e, { stderr: (t) => said.push(t) })).toBe(EXIT.failure);
    expect(said.join('')).toMatch(/^fwtui: the trace monitor ended: xtables-monitor ended \(exit 1\)/);
    expect(calls).toEqual(['-I PREROUTING', '-I OUTPUT', '-D PREROUTING', '-D OUTPUT']);
    expect(records()).toBe(false);
  });
});

describe('startWatch: the packets it reports', () => {
  it('reports only packets its own TRACE rule marked, not those of another watch or TRACE rule', async () => {
    const reports: string[] = [];
    const { runner } = fakeRunner({
      rule: () => ok(),
      inserted: (id, feed) => feed(packetLines('aaaa0001', 'other-watch') + packetLines('aaaa0002', id)),
    });
    const w = await startWatch(runner, request(['-p', 'tcp', '--dport', '22']), (r) => reports.push(r.packet.id), {
      settleMs: 1,
      tickMs: 5,
    });
    const end = await w.stop();
    expect(reports).toEqual(['aaaa0002']);
    expect(end.packets).toBe(1);
  });

  it('does not judge a packet before the rules are read (no false "could not be read")', async () => {
    const notes: (string | null)[] = [];
    const { runner } = fakeRunner({
      rule: () => ok(),
      inserted: (id, feed) => feed(packetLines('bbbb0001', id)),
      save: { ms: 500, text: RULES },
    });
    const w = await startWatch(runner, request(['-p', 'tcp', '--dport', '22']), (r) => notes.push(r.note), {
      settleMs: 1,
      tickMs: 5,
    });
    await new Promise((r) => setTimeout(r, 700));
    await w.stop();
    expect(notes.length).toBe(1);
    expect(notes[0]).not.toBe('the rules could not be read');
  });
});
