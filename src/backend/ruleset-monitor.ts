/**
 * Ruleset events from the kernel (nf_tables only): `xtables-monitor -e` left running in the firewall's namespace,
 * its lines parsed into generations (domain/text/monitor-events.ts). Started and stopped through the runner.
 */
import type { Family } from '../domain/model/ruleset.js';
import { MonitorParser, type RulesetGeneration } from '../domain/text/monitor-events.js';
import type { Command, CommandResult } from './command.js';
import { execFailedMissing } from './errors.js';
import { monitorListens } from './monitor-listening.js';
import type { CommandRunner } from './runner.js';
import { followTied, tiedCommand, type TiedCommand } from './tied-reader.js';

/** What the monitor tells its reader. */
export interface MonitorListener {
  /** One kernel commit of the ruleset, whoever made it (fwtui's own writes too). */
  generation(generation: RulesetGeneration): void;
  /**
   * The monitor ended without being stopped (killed, crashed, never started): why, in words; `lasting` when a
   * program of its command line is not installed (starting it again cannot help).
   */
  ended(why: string, lasting: boolean): void;
}

/** A running monitor. */
export interface RulesetMonitor {
  /** Ends the monitor; `ended` is not called for this. */
  stop(): void;
  /** The monitor's pid, when it started. */
  readonly pid: number | undefined;
  /**
   * Resolves true once the monitor has joined the kernel's event group (every commit from then on reaches it),
   * false when it ended first or that could not be seen within 2 s.
   */
  listening(): Promise<boolean>;
}

/**
 * `stdbuf -oL`: xtables-monitor prints through stdio, which buffers a pipe in 4 KB blocks (measured: nothing
 * arrives for a single change). Line buffering hands each event over as the kernel reports it.
 * `setpriv --pdeathsig SIGTERM` (`guarded`): the kernel ends the monitor when fwtui dies, even by kill -9 (without
 * it, an orphaned monitor lives on until its next write fails). `what`: `-e` ruleset events, `-t -4` packet traces.
 */
export function monitorCommand(netns: string | undefined, guarded = true, what: readonly string[] = ['-e']): Command {
  return tiedCommand(monitorFollowed(netns, what).argv, netns, guarded);
}

/** The monitor as a reader tied to fwtui (tied-reader.ts). */
export function monitorFollowed(netns: string | undefined, what: readonly string[]): TiedCommand {
  return { argv: ['stdbuf', '-oL', 'xtables-monitor', ...what], netns, programs: ['xtables-monitor', 'stdbuf'] };
}

const PACKAGE: Readonly<Record<string, string>> = {
  'xtables-monitor': 'iptables',
  stdbuf: 'coreutils',
  setpriv: 'util-linux',
};

/** The program of the monitor's command line that is not installed, or null when it did not end for that. */
export function missingProgram(result: CommandResult): string | null {
  if (result.exitCode !== 127 && !execFailedMissing(result.stderr)) return null;
  const firstLine = result.stderr.trim().split('\n')[0] ?? '';
  return Object.keys(PACKAGE).find((program) => firstLine.includes(program)) ?? 'xtables-monitor';
}

/**
 * xtables-monitor 1.8.9 `-e` ends (exit 3, "Error: unsupported layer 4 protocol value") on any event of an IPv6 rule
 * with a port match (`-p tcp|udp --dport|--sport`: added, deleted, flushed); measured on kernel 6.18. `-p tcp` alone,
 * `-p sctp --dport`, IPv4 rules and every event under `-4` are fine. Starting it again cannot help: the next such
 * change stops it again. Returns the sentence for it, or null when the monitor ended for another reason.
 */
export function knownMonitorCrash(result: CommandResult): string | null {
  if (!result.stderr.includes('unsupported layer 4 protocol value')) return null;
  const version = /xtables-monitor (v[\d.]+)/.exec(result.stderr)?.[1];
  return (
    `xtables-monitor${version ? ` ${version}` : ''} stops on every change to an IPv6 rule that matches a port ` +
    '(unsupported layer 4 protocol value)'
  );
}

/** Why the monitor ended, in an admin's words. */
export function monitorEndReason(result: CommandResult): string {
  const crash = knownMonitorCrash(result);
  if (crash) return crash;
  const missing = missingProgram(result);
  if (missing) return `${missing} is not installed here (package ${PACKAGE[missing]})`;
  const firstLine = result.stderr.trim().split('\n')[0] ?? '';
  const how = result.exitCode > 128 ? `killed by signal ${result.exitCode - 128}` : `exit ${result.exitCode}`;
  return `xtables-monitor ended (${how})${firstLine ? `: ${firstLine}` : ''}`;
}

/**
 * Starts the monitor. `listener` hears each generation as its NEWGEN line arrives, and once why the monitor ended
 * when it ends on its own (`lasting` also for a known crash: see knownMonitorCrash).
 * @param family only this family's events (`-e -4` / `-e -6`): an IPv4 view is then not stopped by IPv6 rules
 *   the monitor cannot print; none: both families
 * @throws Error when the runner cannot follow a program
 */
export function startRulesetMonitor(
  runner: CommandRunner,
  netns: string | undefined,
  listener: MonitorListener,
  family?: Family,
): RulesetMonitor {
  const parser = new MonitorParser();
  const tied = followTied(
    runner,
    monitorFollowed(netns, family === undefined ? ['-e'] : ['-e', family === 'ipv4' ? '-4' : '-6']),
    {
      output: (piece) => {
        for (const g of parser.feed(piece)) listener.generation(g);
      },
      ended: (result) => {
        // Events printed before it died still count: the reader re-reads for them.
        for (const g of parser.end()) listener.generation(g);
        listener.ended(monitorEndReason(result), missingProgram(result) !== null || knownMonitorCrash(result) !== null);
      },
    },
  );
  let listening: Promise<boolean> | undefined;
  return {
    get pid() {
      return tied.pid;
    },
    listening() {
      listening ??= monitorListens(
        () => tied.pid,
        () => tied.over,
      );
      return listening;
    },
    stop: () => tied.stop(),
  };
}
