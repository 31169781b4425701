/** `fwtui status [--json]`: the open commit (app/safety/commit-status.ts), printed with its exit code. */
import { offersSave, readCommitStatus, statusJson, type CommitStatus } from '../app/safety/commit-status.js';
import { troubleWords } from '../app/safety/revert-trouble.js';
import type { SafetyNetDeps } from '../app/safety/safety-net.js';
import { clockTime, countdown, describeCommit } from '../domain/commit/pending-commit.js';
import { printable } from '../domain/text/printable.js';
import { hint, outcomeWords, refusedLines } from './commit-words.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { SafetyIo } from './safety-io.js';

/** Never silent: what the guard (or a refused revert) recorded as going wrong is shown first, on stderr. */
function sayAnomaly(status: CommitStatus, io: SafetyIo): void {
  if (!status.anomaly) return;
  const lines = status.anomaly.text
    .split('\n')
    .map((l) => `  ${printable(l)}\n`)
    .join('');
  io.stderr(`fwtui: a problem was recorded for commit ${status.anomaly.id}:\n${lines}`);
}

/**
 * @param unsaved whether the running rules differ from the boot files (after a confirmed commit, status offers to save)
 */
export async function statusCommand(
  deps: SafetyNetDeps,
  io: SafetyIo,
  json: boolean,
  unsaved: () => Promise<boolean> = async () => false,
): Promise<ExitCode> {
  const status = await readCommitStatus(deps);
  const { report, now } = status;
  sayAnomaly(status, io);
  if (json) io.stdout(`${JSON.stringify(statusJson(status), null, 2)}\n`);
  switch (report.kind) {
    case 'none': {
      const last = report.last ? ` Last: ${describeCommit(report.last.record)}; ${outcomeWords(report.last)}.` : '';
      if (!json) io.stdout(`No pending commit.${last}\n`);
      if (!json && (await offersSave(report, unsaved))) {
        io.stdout(
          `The running rules are not saved for boot yet: \`${hint(io, 'save')}\` ` +
            `saves them (\`${hint(io, 'saved-diff')}\` shows the difference).\n`,
        );
      }
      return EXIT.ok;
    }
    case 'pending': {
      const e = report.entry;
      if (!json) {
        io.stdout(`Pending: ${describeCommit(e.record)}\n${e.record.summary.map((l) => `  ${l}\n`).join('')}`);
        // Under --netns, reaching this host (to run status) proves nothing about the namespace's firewall.
        const ns = io.scope?.netns;
        const proof = ns
          ? `Reaching this host proves nothing about namespace ${printable(ns)}: ` +
            'check that new connections into it work'
          : 'You reached this machine, so new connections work';
        const when = `It reverts at ${clockTime(e.deadline)} (in ${countdown(e.deadline, now)}).`;
        io.stdout(
          `${when} ${proof}:\n  ${hint(io, 'confirm')}   keeps it\n` +
            `  ${hint(io, 'revert')}    puts the old rules back now\n`,
        );
      }
      return EXIT.pending;
    }
    case 'busy': {
      const t = status.trouble;
      if (t) {
        // Loud on stderr even with --json: the unconfirmed rules are still there.
        io.stderr(`fwtui: ${troubleWords(t)}\n  (${describeCommit(report.entry.record)})\n`);
        return EXIT.failure;
      }
      if (!json) io.stdout(`Commit ${report.entry.record.id} is being reverted right now.\n`);
      return EXIT.pending;
    }
    case 'revert-failed':
      io.stderr(
        `fwtui: REVERT FAILED for ${describeCommit(report.entry.record)}: the ` +
          `firewall may still hold the unconfirmed ` +
          `rules.\n${report.messages.map((m) => `  ${m}\n`).join('')}  ${hint(io, 'revert')} tries again.\n`,
      );
      return EXIT.failure;
    case 'refused':
      // Loud on stderr even with --json: nothing will put the old rules back.
      io.stderr(refusedLines(report.entry, report.problems, io));
      return EXIT.failure;
    case 'recovered': {
      const r = report.result;
      if (r.kind === 'revert-failed') {
        io.stderr(
          `fwtui: the guard of a pending commit was gone and the ` +
            `revert FAILED:\n${r.messages.map((m) => `  ${m}\n`).join('')}`,
        );
        return EXIT.failure;
      }
      const which = r.entry ? ` (${describeCommit(r.entry.record)})` : '';
      const messages = r.messages.map((m) => `  ${m}\n`).join('');
      if (!json)
        io.stdout(`The guard of a pending commit was gone, so its rules were reverted now${which}:\n${messages}`);
      return EXIT.ok;
    }
  }
}
