/**
 * `fwtui save` and `fwtui saved-diff`: the running rules vs what the boot
 * loader of this machine (or of --root DIR) loads, asked and printed; the
 * saving itself is boot-saving.ts, shared with the view.
 */
import { createIptables } from '../backend/iptables.js';
import type { CommandRunner } from '../backend/runner.js';
import { detectLoader } from '../domain/boot/boot-loader.js';
import { detectSetLoader } from '../domain/boot/set-loader.js';
import { loaderInstall } from '../domain/boot/boot-script.js';
import { installLoader, removeLoader } from '../persist/install-loader.js';
import { bootFacts } from '../persist/boot-facts.js';
import { fwtuiCommand } from '../domain/hints/command-hint.js';
import type { CliOptions } from './args.js';
import {
  checker,
  hostFilesFromNetns,
  realPath,
  running,
  savedDiffs,
  saveRunning,
  saveTarget,
} from '../app/boot/boot-saving.js';
import { runningVsSavedSets, setsMatch } from '../app/boot/set-saving.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { savedSubject } from '../domain/model/family-label.js';

export interface SaveIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** A yes/no question on the terminal; false without one. */
  askYes?: (question: string) => Promise<boolean>;
}

/** --install-loader / --remove-loader: shows exactly what is written (or removed), asks, then does it. */
async function changeLoader(opts: CliOptions, io: SaveIo): Promise<boolean> {
  const root = opts.root ?? '/';
  const facts = bootFacts(root);
  const install = loaderInstall(facts);
  if (opts.loader === 'remove') {
    const gone = await removeLoader(root, install);
    io.stdout(`Removed ${gone.map((p) => realPath(root, p)).join(', ')}.\n`);
    return true;
  }
  const found = detectLoader(facts);
  if (found.kind !== 'none') {
    io.stderr(`fwtui: ${found.name} already loads rules at boot here: no loader of fwtui's is needed\n`);
    return false;
  }
  io.stdout(`To restore /etc/fwtui/rules.v4 and rules.v6 at boot, fwtui would add ${install.how}:\n`);
  for (const f of install.files) {
    io.stdout(
      f.link
        ? `\n${f.path} -> ${f.text} (enables it)\n`
        : f.appendLine
          ? `\n${f.path} gets the line:\n  ${f.text}\n`
          : `\n${f.path} (mode ${f.mode.toString(8)}):\n${f.text.replace(/^/gm, '  ')}\n`,
    );
  }
  io.stdout(`\n\`${fwtuiCommand({ root: opts.root }, 'save', '--remove-loader')}\` takes it away again.\n`);
  const ok = opts.yes || ((await io.askYes?.('Write these files? (y/N) ')) ?? false);
  if (!ok) {
    io.stderr('fwtui: nothing written (answer y, or --yes in scripts)\n');
    return false;
  }
  io.stdout(`Wrote ${(await installLoader(root, install)).map((p) => realPath(root, p)).join(', ')}.\n`);
  return true;
}

export async function saveCommand(opts: CliOptions, runner: CommandRunner, io: SaveIo): Promise<ExitCode> {
  if (opts.loader !== undefined) {
    if (!(await changeLoader(opts, io))) return EXIT.failure;
    if (opts.loader === 'remove') return EXIT.ok;
  }
  const loader = detectLoader(bootFacts(opts.root ?? '/'), { root: opts.root });
  const ns = hostFilesFromNetns(opts);
  if (ns !== null && !opts.yes) {
    const question =
      `Save the rules of network namespace ${ns} to this host's boot files ${saveTarget(loader)}? ` +
      "At boot they would load into the host's own firewall. (y/N) ";
    if (!((await io.askYes?.(question)) ?? false)) {
      io.stderr(
        `fwtui: nothing saved: namespace ${ns}'s rules would go to the host's boot files` +
          ' (answer y, or --yes in scripts)\n',
      );
      return EXIT.failure;
    }
  }
  const iptables = createIptables({ runner, netns: opts.netns, variant: opts.backend });
  io.stdout(await saveRunning(opts, iptables, runner, loader));
  const setWarnings = detectSetLoader(bootFacts(opts.root ?? '/'), loader).warnings;
  for (const w of [...loader.warnings, ...setWarnings]) io.stderr(`fwtui: warning: ${w}\n`);
  return EXIT.ok;
}

export async function savedDiffCommand(opts: CliOptions, runner: CommandRunner, io: SaveIo): Promise<ExitCode> {
  const root = opts.root ?? '/';
  const loader = detectLoader(bootFacts(root), { root: opts.root });
  const iptables = createIptables({ runner, netns: opts.netns, variant: opts.backend });
  const check = checker(opts, runner, loader);
  const rulesets = await running(iptables);
  const diffs = await savedDiffs(root, loader, rulesets, opts.includeOwned, check);
  const setsDiff = await runningVsSavedSets(opts, runner, loader);
  if (setsDiff) diffs.unshift(setsDiff);
  for (const d of diffs) {
    const fam = savedSubject(d.family);
    if (d.refused) io.stderr(`fwtui: the saved ${fam} are not compared: ${d.refused}\n`);
    if (d.missing)
      io.stdout(
        `Nothing is saved at ${d.path} yet: ` +
          `\`${fwtuiCommand({ netns: opts.netns, backend: opts.backend, root: opts.root }, 'save')}\` ` +
          `saves the running ${fam} there.\n`,
      );
    if (d.problem) io.stderr(`fwtui: the saved ${fam} in ${d.path} would not load at boot: ${d.problem}\n`);
    if (d.lines.length === 0) continue;
    io.stdout(
      `--- ${d.path} (saved)\n+++ running ${fam}` +
        `\n${d.lines.map((l) => (l.kind === '@' ? l.text : `${l.kind}${l.text}`)).join('\n')}\n`,
    );
  }
  const differs = diffs.length > 0;
  if (!differs) io.stdout(`The running rules match ${saveTarget(loader, root)}${setsMatch(root, loader)}.\n`);
  return differs ? EXIT.failure : EXIT.ok;
}
