/**
 * The guard's command line: `__guard DIR ROLE (--netns NAME | --host)
 * --backend (nft|legacy|default) --seal HEX`. What the guard acts on comes
 * from here and is cross-checked with the commit's record (commit-seal.ts);
 * the guard and its watcher restart each other with the same words. Pure.
 */
import { validNetnsName } from '../model/netns-name.js';
import type { Backend, SealAnchor } from './commit-seal.js';

export type GuardRole = 'guard' | 'watcher';

export interface GuardInvocation {
  readonly dir: string;
  readonly role: GuardRole;
  readonly anchor: SealAnchor;
}

const BACKENDS: readonly string[] = ['nft', 'legacy', 'default'];

/** Where an anchor read from the argv comes from, in messages. */
export const FROM_ARGV = "the guard's command line";

/** The words after `__guard DIR ROLE` that carry the anchor. */
export function guardAnchorArgs(anchor: SealAnchor): string[] {
  const where = anchor.netns === null ? ['--host'] : ['--netns', anchor.netns];
  return [...where, '--backend', anchor.backend ?? 'default', '--seal', anchor.seal];
}

/**
 * Reads `DIR ROLE …` (the words after `__guard`).
 * @returns the invocation, or a message saying what is wrong
 */
export function parseGuardArgs(args: readonly string[]): GuardInvocation | { readonly error: string } {
  const [dir, role, ...rest] = args;
  if (!dir) return { error: 'no commit directory given' };
  if (role !== 'guard' && role !== 'watcher') return { error: `unknown role ${JSON.stringify(role ?? '')}` };
  let netns: string | null | undefined;
  let backend: Backend | null | undefined;
  let seal: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    const next = rest[i + 1];
    if (word === '--host' && netns === undefined) netns = null;
    else if (word === '--netns' && netns === undefined && next && validNetnsName(next)) netns = rest[++i];
    else if (word === '--backend' && backend === undefined && BACKENDS.includes(next ?? '')) {
      backend = next === 'default' ? null : (next as Backend);
      i++;
    } else if (word === '--seal' && seal === undefined && next && /^[0-9a-f]{64}$/.test(next)) seal = rest[++i];
    else return { error: `unexpected ${JSON.stringify(word)}` };
  }
  if (netns === undefined || backend === undefined || seal === undefined) {
    return { error: 'started without --netns/--host, --backend and --seal: it cannot tell what it may act on' };
  }
  return { dir, role, anchor: { netns, backend, seal, from: FROM_ARGV } };
}
