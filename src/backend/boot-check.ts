/**
 * Checking a boot file the way boot will load it: in a throwaway network
 * namespace of its own (unique name), empty but for what the loader restores
 * before the rules (the ipsets), with iptables-restore --test. Not in the
 * namespace whose rules are saved: there every set and chain already exists,
 * so a file that boot rejects would pass. The namespace is deleted on every path.
 */
import { randomBytes } from 'node:crypto';
import type { BootPrelude } from '../domain/boot/boot-prelude.js';
import type { Family } from '../domain/model/ruleset.js';
import { RestoreError } from './errors.js';
import { createIptables, type Variant } from './iptables.js';
import type { CommandRunner } from './runner.js';

/** The throwaway namespace could not be made: nothing can be said about how the file loads. */
export class BootCheckError extends Error {}

/** Runs `use` inside a new, empty network namespace that is deleted afterwards, whatever happens. */
export async function withFreshNetns<T>(runner: CommandRunner, use: (name: string) => Promise<T>): Promise<T> {
  const name = `fwtui-check-${randomBytes(6).toString('hex')}`;
  const added = await runner.run({ file: 'ip', args: ['netns', 'add', name] });
  if (added.exitCode !== 0) {
    const why = added.stderr.trim() || `exit ${added.exitCode}`;
    throw new BootCheckError(`cannot create a throwaway network namespace to check the file as boot loads it: ${why}`);
  }
  try {
    return await use(name);
  } finally {
    await runner.run({ file: 'ip', args: ['netns', 'delete', name] }).catch(() => undefined);
  }
}

/**
 * Whether `text` would load at boot, for one family.
 * @returns null when it loads; else the refused rule and iptables' reason
 *   ("-A INPUT … -j DROP: Set blacklist doesn't exist")
 */
export type BootLoadCheck = (family: Family, text: string) => Promise<string | null>;

/** A BootLoadCheck that restores `prelude` then tests the file, each time in a fresh namespace. */
export function bootLoadCheck(
  runner: CommandRunner,
  variant: Variant | undefined,
  prelude: BootPrelude,
): BootLoadCheck {
  return (family, text) =>
    withFreshNetns(runner, async (netns) => {
      if (prelude.ipsets !== null) {
        const restore = ['netns', 'exec', netns, 'ipset', 'restore', '-exist'];
        const sets = await runner.run({ file: 'ip', args: restore, stdin: prelude.ipsets });
        if (sets.exitCode !== 0) {
          return `the sets boot restores first (${prelude.ipsetsFrom}) would not load: ${sets.stderr.trim()}`;
        }
      }
      try {
        await createIptables({ runner, netns, variant }).restore(family, text, { test: true });
        return null;
      } catch (e) {
        if (!(e instanceof RestoreError)) throw e;
        return e.line ? `${e.line}: ${e.reason}` : e.reason;
      }
    });
}
