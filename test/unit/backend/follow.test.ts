import { closeSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../../src/backend/command.js';
import { createCommandLog, type CommandLogEntry } from '../../../src/backend/command-log.js';
import { FakeRunner } from '../../../src/backend/fake-runner.js';
import {
  missingProgram,
  monitorCommand,
  monitorEndReason,
  startRulesetMonitor,
} from '../../../src/backend/ruleset-monitor.js';
import { createExecaRunner } from '../../../src/backend/runner.js';
import type { RulesetGeneration } from '../../../src/domain/text/monitor-events.js';

// Real processes (node itself), no root: how the execa runner keeps a reader running.
const node = (script: string) => ({ file: process.execPath, args: ['-e', script] });

function follow(script: string) {
  const log = createCommandLog(() => 1000);
  const pieces: string[] = [];
  let end!: (r: CommandResult) => void;
  const ended = new Promise<CommandResult>((r) => (end = r));
  const handle = createExecaRunner({ onCommand: log.record }).follow!(node(script), (p) => pieces.push(p), end);
  const entries = () => {
    const seen: CommandLogEntry[] = [];
    log.subscribe((e) => seen.push(e));
    return seen;
  };
  return { handle, pieces, ended, entries };
}

describe('a long-running reader (runner.follow)', () => {
  it('hands output over while the program runs, logged when it starts and when it ends', async () => {
    const { pieces, ended, entries, handle } = follow(
      "process.stdout.write('one\\n');setTimeout(()=>{process.stderr.write('bye');process.exit(3)},1500)",
    );
    expect(handle.pid).toBeGreaterThan(0);
    for (let i = 0; i < 100 && pieces.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(pieces.join('')).toBe('one\n');
    expect(entries()).toEqual([expect.objectContaining({ detached: true })]);
    expect(await ended).toMatchObject({ exitCode: 3, stderr: 'bye' });
    expect(entries().map((e) => [e.detached ?? false, e.exitCode])).toEqual([
      [true, 0],
      [false, 3],
    ]);
  });

  it('stops it with SIGTERM (exit 143 as a shell says), and a missing program ends with 127', async () => {
    const running = follow('setInterval(()=>{},1000)');
    running.handle.stop();
    expect(await running.ended).toMatchObject({ exitCode: 143 });
    let end!: (r: CommandResult) => void;
    const ended = new Promise<CommandResult>((r) => (end = r));
    createExecaRunner().follow!({ file: 'fwtui-no-such-program', args: [] }, () => {}, end);
    expect(await ended).toMatchObject({ exitCode: 127, stderr: 'fwtui-no-such-program: not found' });
  });
});

/** The monitor's argv after `setpriv`. */
const MONITOR = ['--pdeathsig', 'SIGTERM', '--', 'stdbuf', '-oL', 'xtables-monitor', '-e'];

describe('the pids of what fwtui started', () => {
  it('tells a process fwtui started from one it did not (its own writes are not news)', async () => {
    const runner = createExecaRunner();
    const ran = await runner.run(node('process.stdout.write(String(process.pid))'));
    expect(runner.startedPid!(Number(ran.stdout))).toBe(true);
    expect(runner.startedPid!(process.pid)).toBe(false);
  });

  it('does not count detached or followed processes as writers (their pid would stay, reused by others)', async () => {
    const runner = createExecaRunner();
    const quiet = openSync('/dev/null', 'w');
    const detached = runner.detach!(node('setTimeout(() => {}, 50)'), quiet);
    closeSync(quiet);
    expect(detached).toBeGreaterThan(0);
    expect(runner.startedPid!(detached!)).toBe(false);
    const followed = runner.follow!(
      node('setTimeout(() => {}, 50)'),
      () => {},
      () => {},
    );
    expect(runner.startedPid!(followed.pid!)).toBe(false);
    followed.stop();
  });

  it('forgets a pid a while after its process ended (the kernel may give it to another program)', async () => {
    const runner = createExecaRunner({ forgetPidMs: 30 });
    const ran = await runner.run(node('process.stdout.write(String(process.pid))'));
    expect(runner.startedPid!(Number(ran.stdout))).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(runner.startedPid!(Number(ran.stdout))).toBe(false);
  });
});

describe('a reader that cannot take the output', () => {
  it('ends the program instead of crashing fwtui, and says why', async () => {
    let end!: (r: CommandResult) => void;
    const ended = new Promise<CommandResult>((r) => (end = r));
    const script = "process.stdout.write('x\\n');setInterval(()=>{},1000)";
    createExecaRunner().follow!(
      node(script),
      () => {
        throw new Error('bad line');
      },
      end,
    );
    const result = await ended;
    expect(result.exitCode).toBe(143);
    expect(result.stderr).toMatch(/^fwtui could not take its output: bad line/);
  });
});

describe('the ruleset monitor', () => {
  it('runs line-buffered xtables-monitor -e in the namespace, ended by the kernel if fwtui dies', () => {
    const guarded = ['setpriv', '--pdeathsig', 'SIGTERM', '--', 'stdbuf', '-oL', 'xtables-monitor', '-e'];
    expect(monitorCommand('fw1')).toEqual({ file: 'ip', args: ['netns', 'exec', 'fw1', ...guarded] });
    expect(monitorCommand(undefined)).toEqual({ file: 'setpriv', args: guarded.slice(1) });
    expect(monitorCommand(undefined, false)).toEqual({ file: 'stdbuf', args: ['-oL', 'xtables-monitor', '-e'] });
  });

  it('without setpriv (a minimal system) it runs the monitor unguarded rather than not at all', () => {
    const runner = new FakeRunner().expect(['setpriv', ...MONITOR]).expect(MONITOR.slice(3));
    const ends: string[] = [];
    const lasting: boolean[] = [];
    startRulesetMonitor(runner, undefined, {
      generation: () => {},
      ended: (w, l) => {
        ends.push(w);
        lasting.push(l);
      },
    });
    runner.followed[0]!.end(127, 'setpriv: not found');
    expect(ends).toEqual([]);
    runner.followed[1]!.end(127, 'stdbuf: not found');
    expect(ends).toEqual(['stdbuf is not installed here (package coreutils)']);
    // Starting it again cannot install stdbuf: the reader does not retry.
    expect(lasting).toEqual([true]);
    runner.assertAllCalled();
  });

  it('hands over each generation as its line arrives, and why it ended when it ends on its own', () => {
    const runner = new FakeRunner().expect(['ip', 'netns', 'exec', 'fw1', 'setpriv', ...MONITOR]);
    const gens: RulesetGeneration[] = [];
    const ends: string[] = [];
    startRulesetMonitor(runner, 'fw1', {
      generation: (g) => gens.push(g),
      ended: (w, lasting) => ends.push(`${w}${lasting ? ' (lasting)' : ''}`),
    });
    const monitor = runner.followed[0]!;
    monitor.print(' EVENT: -4 -t filter -A INPUT -j ACCEPT\nNEWGEN: GENID=2 PID=9 ');
    expect(gens).toEqual([]);
    monitor.print('NAME=iptables-nft\n EVENT: -4 -t nat -N X\n');
    expect(gens).toEqual([expect.objectContaining({ id: 2, pid: 9, program: 'iptables-nft' })]);
    monitor.end(137);
    expect(gens).toHaveLength(2);
    expect(ends).toEqual(['xtables-monitor ended (killed by signal 9)']);
    runner.assertAllCalled();
  });

  it('says nothing about an end it asked for', () => {
    const runner = new FakeRunner().expect(['setpriv', ...MONITOR]);
    const ends: string[] = [];
    const monitor = startRulesetMonitor(runner, undefined, { generation: () => {}, ended: (w) => ends.push(w) });
    monitor.stop();
    expect(runner.followed[0]!.stopped).toBe(true);
    expect(ends).toEqual([]);
  });

  it('names what is missing and its package', () => {
    const r = (exitCode: number, stderr: string) => monitorEndReason({ stdout: '', stderr, exitCode, durationMs: 1 });
    expect(r(127, "stdbuf: failed to run command 'xtables-monitor': No such file or directory")).toBe(
      'xtables-monitor is not installed here (package iptables)',
    );
    expect(r(1, 'exec of "stdbuf" failed: No such file or directory')).toBe(
      'stdbuf is not installed here (package coreutils)',
    );
    expect(r(127, 'setpriv: failed to execute stdbuf: No such file or directory')).toBe(
      'stdbuf is not installed here (package coreutils)',
    );
    expect(
      missingProgram({ stdout: '', stderr: 'exec of "setpriv" failed: No such file', exitCode: 1, durationMs: 1 }),
    ).toBe('setpriv');
    expect(r(1, 'netlink: Operation not permitted\n')).toBe(
      'xtables-monitor ended (exit 1): netlink: Operation not permitted',
    );
  });

  it('names the known crash of xtables-monitor 1.8.9 on IPv6 port rules, as lasting (not retried)', () => {
    const stderr =
      'Error: unsupported layer 4 protocol value\nxtables-monitor v1.8.9 (nf_tables): Parsing nftables rule failed\n';
    const runner = new FakeRunner().expect(['setpriv', ...MONITOR, '-6']);
    const ends: [string, boolean][] = [];
    startRulesetMonitor(runner, undefined, { generation: () => {}, ended: (w, l) => ends.push([w, l]) }, 'ipv6');
    expect(runner.followed[0]!.cmd.args.slice(-2)).toEqual(['-e', '-6']);
    runner.followed[0]!.end(3, stderr);
    expect(ends).toEqual([
      [
        'xtables-monitor v1.8.9 stops on every change to an IPv6 rule that matches a port ' +
          '(unsupported layer 4 protocol value)',
        true,
      ],
    ]);
  });
});
