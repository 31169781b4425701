import { displayCommand, type Command } from './command.js';
import { missingProgramMessage } from './missing-program.js';

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

/** The program is not installed (or not on PATH); the message says how to install it here. */
export class CommandNotFoundError extends Error {
  constructor(readonly program: string) {
    super(missingProgramMessage(program));
    this.name = 'CommandNotFoundError';
  }
}

/** iptables itself is missing: the admin must install it (the message says how, on this distribution). */
export class IptablesMissingError extends Error {
  constructor(readonly program: string) {
    super(missingProgramMessage(program));
    this.name = 'IptablesMissingError';
  }
}

/**
 * `ip netns exec NS PROGRAM` found no PROGRAM: ip ran, the program did not
 * (iproute2 says `exec of "PROGRAM" failed: No such file or directory`).
 */
export const execFailedMissing = (stderr: string): boolean => /exec of ".*" failed: No such file/.test(stderr);

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

/**
 * iptables-restore refused some text: carries iptables' own message without
 * its program prefix, and the line it names.
 */
export class RestoreError extends Error {
  /** iptables' words, e.g. "invalid port/service `99999' specified". */
  readonly reason: string;
  /** The refused line of the text, when iptables named one. */
  readonly line: string | null;
  /** The failed iptables-restore run (argv, exit code, stderr). */
  readonly command: CommandError;
  constructor(cause: CommandError, text: string) {
    const lines = cause.stderr
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !/^Try `/.test(l));
    // legacy: "Error occurred at line: 3"; nft: "iptables-restore: line 3 failed: No chain/target/match by that name."
    const at = /(?:^Error occurred at line: |\bline )(\d+)/.exec(
      lines.find((l) => /^Error occurred at line|\bline \d+ failed/.test(l)) ?? '',
    );
    const reason =
      lines
        .filter((l) => !l.startsWith('Error occurred'))
        .map((l) =>
          l
            .replace(/^ip6?tables-(nft-|legacy-)?restore( v[\d.]+)?( \([\w_]+\))?: /, '')
            .replace(/^line \d+ failed: /, '')
            .replace(/\.$/, ''),
        )
        .join('; ') || `exit ${cause.exitCode}`;
    const line = at ? (text.split('\n')[Number(at[1]) - 1] ?? null) : null;
    super(line ? `${reason} (in: ${line})` : reason);
    this.name = 'RestoreError';
    this.command = cause;
    this.reason = reason;
    this.line = line;
  }
}
