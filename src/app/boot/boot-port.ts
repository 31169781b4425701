/** The view's handle on saving for boot: the loader of this machine (or of --root), the save commands' engine. */
import type { Iptables } from '../../backend/iptables.js';
import type { CommandRunner } from '../../backend/runner.js';
import { detectLoader } from '../../domain/boot/boot-loader.js';
import { bootFacts } from '../../persist/boot-facts.js';
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
  const fresh = checker(opts, runner, loader);
  const check: Check = async (family, text) => {
    const hit = tested.get(family);
    if (hit?.text === text) return hit.result;
    const result = await fresh(family, text);
    tested.set(family, { text, result });
    return result;
  };
  return {
    target: saveTarget(loader, root),
    warnings: loader.warnings,
    hostFilesFromNetns: hostFilesFromNetns(opts),
    diff: async (known = []) => savedDiffs(root, loader, await running(iptables, known), opts.includeOwned, check),
    save: () => saveRunning(opts, iptables, runner, loader),
  };
}
