/** The view's handle on saving for boot: the loader of this machine (or of --root), the save commands' engine. */
import type { Iptables } from '../../backend/iptables.js';
import type { CommandRunner } from '../../backend/runner.js';
import { detectLoader } from '../../domain/boot/boot-loader.js';
import { bootFacts } from '../../persist/boot-facts.js';
import { bootPrelude } from '../../domain/boot/boot-prelude.js';
import { detectSetLoader } from '../../domain/boot/set-loader.js';
import { runningVsSavedSets } from './set-saving.js';
import type { BootPort } from '../../domain/ports/firewall-source.js';
import {
  checker,
  hostFilesFromNetns,
  running,
  savedDiffs,
  saveRunning,
  saveTarget,
  type Check,
  type SaveOptions,
} from './boot-saving.js';
import type { Family } from '../../domain/model/ruleset.js';

export function bootPort(opts: SaveOptions, iptables: Iptables, runner: CommandRunner): BootPort {
  const root = opts.root ?? '/';
  const loader = detectLoader(bootFacts(root), { root: opts.root });
  // The saved files rarely change: check each one (in a fresh namespace) only when its text did.
  const tested = new Map<Family, { text: string; result: string | null }>();
  const check: Check = async (family, text) => {
    // The sets boot restores first are part of what is checked: saved again, they are read again.
    const prelude = bootPrelude(bootFacts(root), loader);
    const key = `${prelude.ipsets ?? ''}\0${text}`;
    const hit = tested.get(family);
    if (hit?.text === key) return hit.result;
    const result = await checker(opts, runner, loader, prelude)(family, text);
    tested.set(family, { text: key, result });
    return result;
  };
  return {
    target: saveTarget(loader, root),
    warnings: [...loader.warnings, ...detectSetLoader(bootFacts(root), loader).warnings],
    hostFilesFromNetns: hostFilesFromNetns(opts),
    diff: async (known = []) => {
      const rules = await savedDiffs(root, loader, await running(iptables, known), opts.includeOwned, check);
      const sets = await runningVsSavedSets(opts, runner, loader);
      return sets ? [sets, ...rules] : rules;
    },
    save: () => saveRunning(opts, iptables, runner, loader),
  };
}
