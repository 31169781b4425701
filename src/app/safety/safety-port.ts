/** The view's handle on the safety net: the engine in src/app/safety/safety-net.ts, bound to one firewall. */
import type { Iptables } from '../../backend/iptables.js';
import type { WriteEvents } from '../../backend/apply-events.js';
import type { TablePlan } from '../../domain/commit/commit-plan.js';
import { describeCommit } from '../../domain/commit/pending-commit.js';
import type { SetPlan } from '../../domain/sets/set-plan.js';
import { applyWithSafetyNet, checkPending, confirmCommit, revertNow, type SafetyNetDeps } from './safety-net.js';
import { applyLockHeld, guardAlive, readCommit, readOutcome, type CommitEntry } from '../state/state-dir.js';
import type { SafetyPort } from '../../domain/ports/firewall-source.js';
import { join } from 'node:path';
import { fwtuiCommand } from '../../domain/hints/command-hint.js';
import { readTrouble, troubleWords } from './revert-trouble.js';
import { revertedAtDeadline } from './confirm-pending.js';

const pendingOf = (e: CommitEntry) => ({ id: e.record.id, deadline: e.deadline, summary: e.record.summary });

export function safetyPort(deps: SafetyNetDeps, timeoutSec: number): SafetyPort {
  const dirOf = (id: string): string => join(deps.root, id);
  return {
    timeoutSec,
    commandHint: (...words) => fwtuiCommand({ netns: deps.netns, backend: deps.backend }, ...words),
    async check() {
      const report = await checkPending(deps.root, deps, () => applyLockHeld(deps.root));
      switch (report.kind) {
        case 'none':
          return { pending: null, notice: null };
        case 'pending':
          return {
            pending: pendingOf(report.entry),
            notice: deps.netns
              ? `${describeCommit(report.entry.record)} is pending in namespace ${deps.netns}: confirm it if new ` +
                'connections into the namespace work (reaching this host proves nothing about it)'
              : `${describeCommit(report.entry.record)} is pending: confirm it if new connections to this machine work`,
          };
        case 'busy': {
          const t = readTrouble(report.entry.dir);
          const who = describeCommit(report.entry.record);
          return { pending: null, notice: t ? `${who}: ${troubleWords(t)}` : `${who} is being reverted right now` };
        }
        case 'revert-failed':
          return {
            pending: null,
            notice:
              `REVERT FAILED for ${describeCommit(report.entry.record)}: ${report.messages.join('; ')} ` +
              `(${fwtuiCommand({ netns: deps.netns, backend: deps.backend }, 'status')})`,
          };
        case 'refused': {
          const what = describeCommit(report.entry.record);
          const words = `NOT reverted: ${what} does not match what it was armed with, so fwtui loads none of it`;
          const status = fwtuiCommand({ netns: deps.netns, backend: deps.backend }, 'status');
          return { pending: null, notice: `${words}: ${report.problems.join('; ')} (${status})` };
        }
        case 'recovered': {
          const r = report.result;
          return {
            pending: null,
            notice:
              r.kind === 'revert-failed'
                ? `the guard of a pending commit was gone and its revert FAILED: ${r.messages.join('; ')}`
                : `the guard of a pending commit was gone, so its rules were reverted now: ${r.messages.join('; ')}`,
          };
        }
      }
    },
    prepare: () => deps.prepareGuards?.(),
    async confirm(id) {
      const r = await confirmCommit(deps.root, id);
      // Named by its id, a commit is never "already kept" (that is only for a confirm that names none).
      return r.kind === 'already-kept' ? 'confirmed' : r.kind;
    },
    async revert(id) {
      const r = await revertNow(deps.root, deps, 'R in fwtui', id);
      if (r.kind === 'reverted') return { ok: true, messages: r.messages };
      if (r.kind === 'refused') {
        const words = `NOT reverted: the commit does not match what it was armed with: ${r.messages.join('; ')}`;
        return { ok: false, messages: [words] };
      }
      if (r.kind === 'lost' || r.kind === 'nothing-pending')
        return { ok: r.entry?.state === 'reverted', messages: [`it was already ${r.entry?.state ?? 'gone'}`] };
      return { ok: false, messages: r.messages };
    },
    async fate(id) {
      const e = readCommit(dirOf(id));
      if (!e) return { state: 'gone' };
      // Being written (by this fwtui or another) is still pending for the view: the guard holds the deadline.
      if (e.state === 'pending' || e.state === 'writing') return { state: 'pending', guardAlive: guardAlive(e) };
      if (e.state === 'reverting') {
        const t = readTrouble(e.dir);
        return { state: 'reverting', trouble: t ? troubleWords(t) : null };
      }
      if (e.state === 'reverted' || e.state === 'revert-failed') {
        // Who reverted it is recorded with how it ended: the deadline's guard, or a command.
        const outcome = await readOutcome(e.dir);
        const by = typeof outcome?.by === 'string' ? outcome.by : null;
        const reverter = by === null ? null : { by, atDeadline: revertedAtDeadline(by) };
        return { state: e.state, messages: outcome?.messages ?? [], reverter };
      }
      return { state: e.state === 'aborted' ? 'gone' : e.state };
    },
  };
}

/** A commit through the safety net, as the view's FirewallSource.commit. */
export async function commitWithSafetyNet(
  iptables: Iptables,
  plans: readonly TablePlan[],
  deps: SafetyNetDeps,
  timeoutSec: number,
  sets: readonly SetPlan[] = [],
  events?: WriteEvents,
) {
  const { outcome, pending } = await applyWithSafetyNet(iptables, plans, timeoutSec, deps, sets, events);
  if (outcome.kind !== 'applied' || !pending) return outcome;
  return { ...outcome, pending: { id: pending.id, deadline: pending.deadline, summary: pending.record.summary } };
}
