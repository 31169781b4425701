/** Runs the built fwtui (bin/fwtui -> dist bundle) as a user would. */
import { execa } from 'execa';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'fwtui');

export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function runCli(args: readonly string[], options: { stdin?: string; uid?: number; path?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
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
