/**
 * `fwtui apply FILE`, `block`, `confirm`, `revert` and `status`: the safety net from scripts and from a second SSH
 * connection, the same engine as the view (app/safety/). This wires the invocation to the one command run.
 */
import { findProtect } from '../app/admin-sessions.js';
import { runningUnsaved } from '../app/boot/unsaved-rules.js';
import { safetyDeps } from '../app/safety/safety-deps.js';
import { readStdin } from '../app/sources/load-ruleset.js';
import type { CommandRunner } from '../backend/runner.js';
import type { Protect } from '../domain/analysis/lockout.js';
import { applyCommand } from './apply-command.js';
import { blockCommand } from './block-command.js';
import type { CliOptions } from './args.js';
import { confirmCommand } from './confirm-command.js';
import type { ExitCode } from './exit-codes.js';
import { revertCommand } from './revert-command.js';
import type { SafetyIo } from './safety-io.js';
import { statusCommand } from './status-command.js';

/** What the safety commands need from main's dependencies (see MainDeps). */
export interface SafetyCommandDeps {
  runner: CommandRunner;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin?: () => Promise<string>;
  guardCommand?: readonly string[];
  askKeep?: SafetyIo['askKeep'];
  askWord?: (question: string) => Promise<string | null>;
  protect?: (netns: string | undefined) => Promise<Protect>;
}

/** Runs apply, block, confirm, revert or status for the firewall the options name. */
export function safetyCommand(opts: CliOptions, deps: SafetyCommandDeps): Promise<ExitCode> {
  const net = safetyDeps({ netns: opts.netns, backend: opts.backend }, deps.runner, deps.guardCommand ?? []);
  const io: SafetyIo = {
    stdout: deps.stdout,
    stderr: deps.stderr,
    stdin: deps.stdin ?? readStdin,
    askKeep: deps.askKeep ?? (async () => 'no'),
    askWord: deps.askWord,
    scope: { netns: opts.netns, backend: opts.backend, root: opts.root },
  };
  const protect = (): Promise<Protect> =>
    deps.protect ? deps.protect(opts.netns) : findProtect({ runner: deps.runner, netns: opts.netns });
  // The guards start now, while the file and the running rules are read: the apply then only hands them the commit.
  if (opts.command === 'apply' || opts.command === 'block') net.prepareGuards?.();
  if (opts.command === 'apply') return applyCommand(opts, deps.runner, net, io, protect);
  if (opts.command === 'block') return blockCommand(opts, deps.runner, net, io, protect);
  if (opts.command === 'confirm') return confirmCommand(net, io);
  if (opts.command === 'revert') return revertCommand(net, io);
  return statusCommand(net, io, opts.json, () => runningUnsaved(opts, deps.runner));
}
