/** The --help text (USAGE) read as data, so the man page and the shell completion say what --help says. */
import { USAGE } from '../args.js';

export interface UsageEntry {
  /** What is typed, e.g. "-t, --table TABLE" or "list [CHAIN]". */
  readonly term: string;
  readonly description: string;
}

/** The synopsis after "Usage: ". */
export const usageSynopsis = (usage = USAGE): string => /^Usage: (.*)$/m.exec(usage)?.[1] ?? 'fwtui';

/** The entries of a section ("Commands" or "Options"), continuation lines joined to their entry. */
export function usageSection(name: string, usage = USAGE): UsageEntry[] {
  const block = usage.split('\n\n').find((b) => b.startsWith(`${name}:\n`));
  if (!block) throw new Error(`--help has no ${name} section`);
  const entries: { term: string; description: string }[] = [];
  for (const line of block.split('\n').slice(1)) {
    const m = /^ {2}(\S.*?)(?: {2,}(.*))?$/.exec(line);
    if (m) entries.push({ term: m[1]!, description: m[2] ?? '' });
    else if (entries.length > 0) entries[entries.length - 1]!.description += ` ${line.trim()}`;
  }
  return entries;
}

/** The text after "Exit codes:" (to the end), continuation lines joined. */
export const usageExitCodes = (usage = USAGE): string =>
  (usage.split('\nExit codes: ')[1] ?? '')
    .split('\n')
    .map((l) => l.trim())
    .join('\n');

/** Every flag --help names (-4, -6, -t, --table, ...). */
export const usageFlags = (usage = USAGE): string[] =>
  usageSection('Options', usage).flatMap((e) => e.term.split(/[ ,]+/).filter((w) => /^--?[\w-]+$/.test(w)));

/** Every command --help names (export, list, ...), "(none)" left out. */
export const usageCommands = (usage = USAGE): string[] =>
  usageSection('Commands', usage)
    .map((e) => e.term.split(' ')[0]!)
    .filter((c) => /^[a-z][\w-]*$/.test(c));
