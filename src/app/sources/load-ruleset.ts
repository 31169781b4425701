/** Where a ruleset comes from: a saved file (or stdin) or the live firewall. */
import { parseSave } from '../../domain/text/parse-save.js';
import type { Family, Ruleset } from '../../domain/model/ruleset.js';
import { createIptables, type Iptables } from '../../backend/iptables.js';
import type { CommandRunner } from '../../backend/runner.js';
import type { ListBackend } from '../../domain/listing/list-json.js';
import { readRegularFile, UnsafeFileError } from '../../persist/safe-read.js';

export interface LoadedRuleset {
  ruleset: Ruleset;
  backend: ListBackend;
}

/** A file that could not be read (missing, unreadable): reported as bad input. */
export class InputError extends Error {}

/** The firewall a command names: --netns (absent: the host's) and --backend (absent: what `iptables` is). */
export interface FirewallScope {
  readonly netns: string | undefined;
  readonly backend: 'nft' | 'legacy' | undefined;
}

/** iptables for the firewall a command names. */
export const iptablesFor = (scope: FirewallScope, runner: CommandRunner): Iptables =>
  createIptables({ runner, netns: scope.netns, variant: scope.backend });

/** The ruleset text of `path` (`-` is standard input); only a regular file is read, so a FIFO cannot hang fwtui. */
export async function readInput(path: string, stdin: () => Promise<string>): Promise<string> {
  if (path === '-') return stdin();
  try {
    return await readRegularFile(path);
  } catch (e) {
    if (e instanceof UnsafeFileError) throw new InputError(e.message);
    throw e;
  }
}

/** Reads all of standard input as UTF-8. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function loadFromFile(path: string, family: Family, stdin: () => Promise<string>): Promise<LoadedRuleset> {
  const text = await readInput(path, stdin);
  return { ruleset: parseSave(text, { family }), backend: 'file' };
}

export async function loadLive(iptables: Iptables, family: Family): Promise<LoadedRuleset> {
  const live = await iptables.save(family);
  return { ruleset: live.ruleset, backend: live.variant };
}

/**
 * The ruleset a command reads: the saved file when one is named (`-`: stdin), otherwise the live firewall.
 * @param from `file` (--file), `family` and the firewall's scope
 */
export function loadRuleset(
  from: FirewallScope & { readonly file: string | undefined; readonly family: Family },
  runner: CommandRunner,
  stdin: () => Promise<string>,
): Promise<LoadedRuleset> {
  if (from.file !== undefined) return loadFromFile(from.file, from.family, stdin);
  return loadLive(iptablesFor(from, runner), from.family);
}
