/**
 * Runs the built fwtui as a user would: bin/fwtui (-> dist bundle) under this Node, or, with
 * FWTUI_BIN=PATH (`FWTUI_BIN=release/fwtui-0.1.0-linux-x64 npm test`), a standalone executable.
 */
import { execa } from 'execa';
import { join, resolve } from 'node:path';

const executable = process.env.FWTUI_BIN;

/** The fwtui under test: the standalone executable of FWTUI_BIN, else bin/fwtui. */
export const BIN = executable ? resolve(executable) : join(import.meta.dirname, '..', '..', 'bin', 'fwtui');

/** The argv that starts it: the executable alone, or this Node and bin/fwtui. */
export const FWTUI: readonly string[] = executable ? [BIN] : [process.execPath, BIN];

/** The same as a shell command line (tmux, sh -c); the paths hold no shell characters. */
export const FWTUI_LINE = FWTUI.join(' ');

export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function runCli(
  args: readonly string[],
  options: { stdin?: string; uid?: number; path?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const r = await execa(BIN, [...args], {
    input: options.stdin ?? '',
    reject: false,
    stripFinalNewline: false,
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
    ...(options.path !== undefined ? { env: { PATH: options.path } } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}
