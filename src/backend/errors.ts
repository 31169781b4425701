import { displayCommand, type Command } from './command.js';

/** A command that ran and failed: carries its argv, exit code and stderr. */
export class CommandError extends Error {
  readonly argv: readonly string[];
  constructor(
    cmd: Command,
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    const first = stderr.trim().split('\n')[0] ?? '';
    super(`${displayCommand(cmd)} failed (exit ${exitCode})${first ? `: ${first}` : ''}`);
    this.name = 'CommandError';
    this.argv = [cmd.file, ...cmd.args];
  }
}

/** The program is not installed (or not on PATH). */
export class CommandNotFoundError extends Error {
  constructor(readonly program: string) {
    super(`${program} was not found`);
    this.name = 'CommandNotFoundError';
  }
}

/** iptables itself is missing: the admin must install it. */
export class IptablesMissingError extends Error {
  constructor(readonly program: string) {
    super(`iptables is not installed (${program} not found): apt-get install iptables`);
    this.name = 'IptablesMissingError';
  }
}

/** The network namespace asked for does not exist or cannot be entered. */
export class NetnsError extends Error {
  constructor(
    readonly netns: string,
    detail: string,
  ) {
    super(`network namespace "${netns}": ${detail}`);
    this.name = 'NetnsError';
  }
}
