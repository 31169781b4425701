/** Where a ruleset comes from: a saved file (or stdin) or the live firewall. */
import { parseSave } from '../../domain/text/parse-save.js';
import type { Family, Ruleset } from '../../domain/model/ruleset.js';
import type { Iptables } from '../../backend/iptables.js';
import type { ListBackend } from '../../domain/listing/list-json.js';
import { readRegularFile, UnsafeFileError } from '../../persist/safe-read.js';

export interface LoadedRuleset {
  ruleset: Ruleset;
  backend: ListBackend;
}

/** A file that could not be read (missing, unreadable): reported as bad input. */
export class InputError extends Error {}

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
