/**
 * The one place fwtui runs `ipset` (argv, never a shell), in the firewall's
 * network namespace: sets live in the namespace, like the rules that use them.
 */
import type { Command, CommandResult } from './command.js';
import { CommandError, CommandNotFoundError, execFailedMissing } from './errors.js';
import type { CommandRunner } from './runner.js';
import type { IpSet } from '../domain/sets/ip-set.js';
import { parseIpsetSave, parseIpsetTerse, withTerse } from '../domain/sets/parse-ipset.js';
import { SetCheckError, setNameProblem } from '../domain/sets/set-check.js';
import { parseSetHeader, type SetHeader } from '../domain/sets/set-header.js';
import { ParseError } from '../domain/text/parse-error.js';
import type { RulesetSets } from '../domain/model/ruleset.js';

export interface IpsetOptions {
  readonly runner: CommandRunner;
  /** The namespace (null/undefined: the host's own). */
  readonly netns?: string;
}

/** ipset as the rest of fwtui uses it. */
export interface Ipset {
  /** Every set with its members, memory and references. @throws CommandNotFoundError when ipset is not installed */
  read(): Promise<IpSet[]>;
  /**
   * One set with its members (`ipset save NAME`), or null when the namespace has no set of that name.
   * Memory and references are not read (null).
   */
  readSet(name: string): Promise<IpSet | null>;
  /** One set's header and member count (`ipset list -t NAME`), or null when there is no such set. */
  readHeader(name: string): Promise<SetHeader | null>;
  /** Loads `ipset restore` text (not atomic: lines before a refused one stay done; see `ipset restore`). */
  restore(text: string): Promise<void>;
}

export function createIpset(options: IpsetOptions): Ipset {
  const { runner, netns } = options;
  const wrap = (args: readonly string[], stdin?: string): Command => {
    const base =
      netns === undefined ? { file: 'ipset', args } : { file: 'ip', args: ['netns', 'exec', netns, 'ipset', ...args] };
    return stdin === undefined ? base : { ...base, stdin };
  };
  async function run(args: readonly string[], stdin?: string): Promise<string> {
    const cmd = wrap(args, stdin);
    let r: CommandResult;
    try {
      r = await runner.run(cmd);
    } catch (e) {
      // ip itself missing is said as such; ipset missing gets its own install hint.
      if (e instanceof CommandNotFoundError && e.program !== 'ip') throw new CommandNotFoundError('ipset');
      throw e;
    }
    if (r.exitCode !== 0 && execFailedMissing(r.stderr)) throw new CommandNotFoundError('ipset');
    if (r.exitCode !== 0) throw new CommandError(cmd, r.exitCode, r.stderr);
    return r.stdout;
  }
  /** Runs `ipset ARGS NAME` for one set; null when the namespace has no such set. */
  async function one<T>(name: string, args: readonly string[], parse: (text: string) => T): Promise<T | null> {
    // A name is a word of argv: one that reads as an option never gets there.
    const bad = setNameProblem(name);
    if (bad) throw new SetCheckError(bad);
    try {
      return parse(await run([...args, name]));
    } catch (e) {
      if (e instanceof CommandError && /does not exist/.test(e.stderr)) return null;
      throw e;
    }
  }
  return {
    async read() {
      const [save, terse] = [await run(['save']), await run(['list', '-t'])];
      return withTerse(parseIpsetSave(save), parseIpsetTerse(terse));
    },
    readSet: (name) => one(name, ['save'], (text) => parseIpsetSave(text).find((s) => s.name === name) ?? null),
    readHeader: (name) => one(name, ['list', '-t'], parseSetHeader),
    async restore(text) {
      await run(['restore'], text);
    },
  };
}

/**
 * The namespace's sets for deciding `-m set` matches: read with ipset, or,
 * when that fails (ipset not installed, refused), null with the reason, so
 * answers that need them say "uncertain" and why.
 */
export async function readSetsFor(runner: CommandRunner, netns?: string): Promise<RulesetSets> {
  try {
    const readAt = Date.now();
    const sets = await createIpset({ runner, netns }).read();
    return { byName: new Map(sets.map((s) => [s.name, s])), readAt };
  } catch (e) {
    if (e instanceof CommandNotFoundError || e instanceof CommandError || e instanceof ParseError)
      return { byName: null, unreadable: e.message };
    throw e;
  }
}
