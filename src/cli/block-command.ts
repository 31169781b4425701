/**
 * `fwtui block --set NAME [--create TYPE] --file LIST [-6] [--rule]`: adds
 * the addresses of a list to an IP set (and the DROP rule that uses it)
 * through the same safety net, questions and exit codes as `fwtui apply`.
 * Nothing is applied when any line of the list is wrong. What to commit is
 * decided in app/sets/block-list.ts; this file prints and applies it.
 */
import { createIptables } from '../backend/iptables.js';
import type { CommandRunner } from '../backend/runner.js';
import { planBlock } from '../app/sets/block-list.js';
import { assertNothingPending, type SafetyNetDeps } from '../app/safety/safety-net.js';
import { readInput } from '../app/sources/load-ruleset.js';
import type { Protect } from '../domain/analysis/lockout.js';
import type { CliOptions } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { applyUnderSafetyNet } from './apply-command.js';
import type { SafetyIo } from './safety-io.js';

/** The lists a long list of problems is cut to (the count of the rest is said). */
const SHOWN = 20;

/** "1 bad line", "3 bad lines". */
const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export async function blockCommand(
  opts: CliOptions,
  runner: CommandRunner,
  deps: SafetyNetDeps,
  io: SafetyIo,
  protect: () => Promise<Protect>,
): Promise<ExitCode> {
  await assertNothingPending(deps.root);
  const file = opts.file!;
  const req = { name: opts.setName!, family: opts.family ?? 'ipv4', create: opts.createType, rule: opts.addRule };
  const text = await readInput(file, io.stdin);
  const iptables = createIptables({ runner, netns: opts.netns, variant: opts.backend });
  const planned = await planBlock(req, text, { file, iptables, runner, netns: opts.netns, backend: opts.backend });
  if (planned.kind === 'bad-lines') {
    const { problems } = planned;
    const shown = problems.slice(0, SHOWN).map((p) => `  line ${p.line}: ${p.text}: ${p.why}\n`);
    const more = problems.length > SHOWN ? `  … and ${problems.length - SHOWN} more\n` : '';
    io.stderr(
      `fwtui: ${file} has ${count(problems.length, 'bad line')}; nothing was applied:\n${shown.join('')}${more}`,
    );
    return EXIT.badInput;
  }
  for (const note of planned.notes) io.stdout(`${note}\n`);
  if (planned.kind === 'nothing') return EXIT.ok;
  return applyUnderSafetyNet(planned.commit, opts, deps, io, protect);
}
