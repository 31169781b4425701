/** Whether the running rules are saved for boot: `fwtui status` offers `fwtui save` after a confirmed commit. */
import type { CommandRunner } from '../../backend/runner.js';
import { iptablesFor } from '../sources/load-ruleset.js';
import { bootPort } from './boot-port.js';
import type { SaveOptions } from './boot-saving.js';

/** True when the running rules differ from what the boot loader (of this machine, or of --root) loads. */
export async function runningUnsaved(opts: SaveOptions, runner: CommandRunner): Promise<boolean> {
  return (await bootPort(opts, iptablesFor(opts, runner), runner).diff()).length > 0;
}
