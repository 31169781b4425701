/** The view's handle on saving for boot: the loader of this machine (or of --root), the save commands' engine. */
import type { Iptables } from '../backend/iptables.js';
import type { CommandRunner } from '../backend/runner.js';
import { detectLoader } from '../domain/boot-loader.js';
import { bootFacts } from '../persist/boot-facts.js';
import type { BootPort } from '../store/firewall-source.js';
import type { CliOptions } from './args.js';
import { checker, running, savedDiffs, saveRunning, saveTarget } from './save-commands.js';

export function bootPort(opts: Pick<CliOptions, 'root' | 'netns' | 'includeOwned'>, iptables: Iptables, runner: CommandRunner): BootPort {
  const root = opts.root ?? '/';
  const loader = detectLoader(bootFacts(root));
  return {
    target: saveTarget(loader),
    warnings: loader.warnings,
    diff: async () => savedDiffs(root, loader, await running(iptables), opts.includeOwned, checker(iptables)),
    save: () => saveRunning(opts, iptables, runner, loader),
  };
}
