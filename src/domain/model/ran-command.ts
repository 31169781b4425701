/** One command fwtui ran, for people: what the runner reports and the message history (L, --log) shows. Pure. */
export interface RanCommand {
  /** When it finished (ms since epoch). */
  readonly at: number;
  /** The argv as it would be typed. */
  readonly command: string;
  /** 127: the program was not found (as a shell says). */
  readonly exitCode: number;
  readonly durationMs: number;
  /** The first line of its stderr when it failed. */
  readonly stderr: string;
  /** Started and left running in the background (the guard): no exit code yet. */
  readonly detached?: boolean;
}
