/**
 * The watch cleaner's command line: `__watch-cleaner ID (--netns NAME | --host) --family ipv4|ipv6
 * --backend nft|legacy|default --owner PID`. The cleaner is the detached process that takes a watch's TRACE rules
 * out when its fwtui dies (app/watch/watch-cleaner.ts); what it acts on comes from here and is cross-checked with
 * the watch's record, never taken from the record alone. Pure.
 */
import { validNetnsName } from '../model/netns-name.js';
import type { Family } from '../model/ruleset.js';
import { WATCH_ID } from './watch-filter.js';

/** The watch a cleaner is told about. */
export interface WatchCleanerTarget {
  readonly id: string;
  /** The firewall's namespace; null: the host's. */
  readonly netns: string | null;
  readonly family: Family;
  /** The iptables variant the rules were written with; null: the system's default. */
  readonly variant: 'nft' | 'legacy' | null;
  /** The pid of the fwtui that runs the watch. */
  readonly owner: number;
}

/** The words after the program that start a cleaner for `t`. */
export function watchCleanerArgs(t: WatchCleanerTarget): string[] {
  const where = t.netns === null ? ['--host'] : ['--netns', t.netns];
  return [
    '__watch-cleaner',
    t.id,
    ...where,
    '--family',
    t.family,
    '--backend',
    t.variant ?? 'default',
    '--owner',
    String(t.owner),
  ];
}

/**
 * Reads the words after `__watch-cleaner`.
 * @returns the target, or a message saying what is wrong
 */
export function parseWatchCleanerArgs(args: readonly string[]): WatchCleanerTarget | { readonly error: string } {
  const [id, ...rest] = args;
  if (id === undefined || !WATCH_ID.test(id)) return { error: `not a watch id: ${JSON.stringify(id ?? '')}` };
  let netns: string | null | undefined;
  let family: Family | undefined;
  let variant: 'nft' | 'legacy' | null | undefined;
  let owner: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    const next = rest[i + 1] ?? '';
    if (word === '--host' && netns === undefined) netns = null;
    else if (word === '--netns' && netns === undefined && validNetnsName(next)) netns = next;
    else if (word === '--family' && family === undefined && (next === 'ipv4' || next === 'ipv6')) family = next;
    else if (word === '--backend' && variant === undefined && ['nft', 'legacy', 'default'].includes(next))
      variant = next === 'default' ? null : (next as 'nft' | 'legacy');
    else if (word === '--owner' && owner === undefined && /^[1-9]\d{0,9}$/.test(next)) owner = Number(next);
    else return { error: `unexpected ${JSON.stringify(word)}` };
    if (word !== '--host') i++;
  }
  if (netns === undefined || family === undefined || variant === undefined || owner === undefined)
    return { error: 'started without --netns/--host, --family, --backend and --owner: it cannot tell what it acts on' };
  return { id, netns, family, variant, owner };
}
