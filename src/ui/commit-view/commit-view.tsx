import { Box, Text } from 'ink';
import { useEffect, useMemo } from 'react';
import type { Chain } from '../../domain/model/ruleset.js';
import { shadowsOf } from '../../store/shadow-slice.js';
import { commitPlans } from '../../store/staging.js';
import { commitOf, stagedEditCount } from '../../store/selectors.js';
import { setPlans } from '../../store/set-staging.js';
import {
  driftLines,
  reviewLines,
  setReviewLines,
  type CommitLine,
  type CommitLineKind,
} from '../format/commit-lines.js';
import { lockoutLines } from '../format/lockout-lines.js';
import { shadowLines } from '../format/shadow-lines.js';
import { fit } from '../format/rule-row.js';
import { wrapLines } from '../format/wrap.js';
import { useAppState, useStoreApi } from '../store-context.js';
import type { Token } from '../theme/theme-tokens.js';
import { useTheme } from '../theme/theme-context.js';
import { commitFooter } from '../keys/footers.js';

const TOKEN: Partial<Record<CommitLineKind, Token>> = {
  summary: 'text.primary',
  file: 'text.muted',
  hunk: 'diff.hunk',
  remove: 'diff.remove',
  add: 'diff.add',
  warning: 'status.error',
};

/** A failed apply, a sentence per line so nothing is cut off. */
function errorLines(error: string | null): CommitLine[] {
  if (!error) return [];
  return [
    ...error.split(/(?<=\.) (?=[A-Z])/).map((text) => ({ kind: 'warning' as const, text })),
    { kind: 'blank', text: '' },
  ];
}

/**
 * The commit review in the body area: what changes in plain words, then the
 * iptables-save diff per family and table; y applies, Esc goes back. After a
 * drift it shows what another program changed and offers to re-base.
 */
export function CommitView({ width, height }: { width: number; height: number }) {
  const { color } = useTheme();
  const staging = useAppState((s) => s.staging);
  const setStaging = useAppState((s) => s.setStaging);
  const edits = useAppState(stagedEditCount);
  const commit = useAppState(commitOf);
  const live = useAppState((s) => s.live);
  const drift = commit?.state === 'drift' ? commit.drift : null;
  // The review renders both versions of each table: only redo it when the staging changes, not on applying -> review.
  const body = useMemo(
    () =>
      drift ? driftLines(drift) : [...setReviewLines(setPlans(setStaging)), ...reviewLines(commitPlans(staging), live)],
    [staging, setStaging, drift, live],
  );
  const lockout = commit?.lockout;
  // Staged rules that match every packet or make later ones unreachable are named before the diff, from the
  // shadow analysis the store runs in idle time (asked for below when a chain is not known yet).
  const known = useAppState((s) => s.shadows);
  const [shadows, wanted] = useMemo(() => {
    const want: Chain[] = [];
    const lines = drift ? [] : shadowLines(commitPlans(staging), width, (c) => shadowsOf(known, c), want);
    return [lines, want] as const;
  }, [staging, drift, width, known]);
  const store = useStoreApi();
  useEffect(() => {
    if (wanted.length > 0) store.getState().actions.checkShadows(wanted);
  }, [store, wanted]);
  const all = useMemo(
    () => [...lockoutLines(lockout, width), ...shadows, ...errorLines(commit?.error ?? null), ...body],
    [lockout, width, shadows, commit?.error, body],
  );
  // Wrapped, never cut: a summary, a warning or a rule in the diff is read whole.
  const lines = useMemo(() => wrapLines(all, width), [all, width]);
  const rows = Math.max(1, height - 2);
  const top = Math.min(commit?.scroll ?? 0, Math.max(0, lines.length - rows));
  const verb = live ? 'apply to the live firewall' : 'write the file';
  const title =
    commit?.state === 'applying'
      ? 'Applying… re-reading, writing, reading back (seconds on a big nft ruleset)'
      : commit?.state === 'drift'
        ? 'Stopped: the live rules changed'
        : `Review ${edits} staged edit(s)`;
  const keys = commitFooter(
    commit?.state,
    lockout ? { state: lockout.state, typed: lockout.typed, warnings: lockout.warnings.length } : null,
    verb,
  );
  const scrolled = lines.length > rows ? `  (${top + 1}-${Math.min(lines.length, top + rows)} of ${lines.length})` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" bold color={color('header.title')}>
        {fit(`${title}${scrolled}`, width)}
      </Text>
      {lines.slice(top, top + rows).map((l, i) => (
        <Text
          key={top + i}
          wrap="truncate"
          color={TOKEN[l.kind] ? color(TOKEN[l.kind]!) : undefined}
          bold={l.kind === 'summary' || l.kind === 'warning'}
        >
          {l.text || ' '}
        </Text>
      ))}
      {Array.from({ length: Math.max(0, rows - (lines.length - top)) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      <Text wrap="truncate" color={color('status.key')}>
        {keys}
      </Text>
    </Box>
  );
}
