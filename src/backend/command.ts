/** A process to run: a program and its argument vector. Never a shell string. */
export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  /** Text written to the process's standard input. */
  readonly stdin?: string;
  /** Extra environment variables (on top of fwtui's own). */
  readonly env?: Readonly<Record<string, string>>;
  /** Open file descriptors of fwtui handed to the program as its fd 3, 4, … */
  readonly fds?: readonly number[];
  /** A followed program's output is binary (pcap): handed over as latin1, one character per byte, not UTF-8. */
  readonly binaryOutput?: boolean;
}

/** What a finished process left behind. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly durationMs: number;
  /** Started in the background and left running (the guard): it has no exit code yet. */
  readonly detached?: boolean;
}

/** The command as an admin would type it, for logs and error messages (display only, never executed). */
export function displayCommand(cmd: Pick<Command, 'file' | 'args'>): string {
  return [cmd.file, ...cmd.args]
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}
