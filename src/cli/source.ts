/** Where a ruleset comes from: a saved file (or stdin) or the live firewall. */
import { readFile } from 'node:fs/promises';
import { parseSave } from '../domain/parse-save.js';
import type { Family, Ruleset } from '../domain/ruleset.js';
import type { Iptables } from '../backend/iptables.js';
import type { ListBackend } from '../domain/list-json.js';

export interface LoadedRuleset {
  ruleset: Ruleset;
  backend: ListBackend;
}

/** A file that could not be read (missing, unreadable): reported as bad input. */
export class InputError extends Error {}

export async function readInput(path: string, stdin: () => Promise<string>): Promise<string> {
  if (path === '-') return stdin();
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : String((e as Error).message);
    throw new InputError(`cannot read ${path}: ${why}`);
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
