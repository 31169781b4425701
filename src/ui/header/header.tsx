import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { currentView, stagedEditCount, tableNames } from '../../store/selectors.js';
import { useAppState } from '../store-context.js';
import { useTheme } from '../theme/theme-context.js';
import type { Token } from '../theme/theme-tokens.js';
import { familyLabel } from '../../domain/model/family-label.js';
import { fitHeader, type HeaderPart } from './fit-header.js';
import { stoppedWords, updatesWord, useSecondsUntil } from './updates-part.js';

export { fitHeader, type HeaderPart } from './fit-header.js';

/**
 * Seconds since the data was read, or null while it is fresh. The clock only
 * ticks once the data is stale: a tick re-lays-out the whole frame, and fresh
 * data is refreshed (and re-rendered) by polling anyway.
 */
function useDataAge(readAt: number | undefined, staleAfterMs: number): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (readAt === undefined) return undefined;
    const untilStale = readAt + staleAfterMs - Date.now();
    let interval: NodeJS.Timeout | undefined;
    const startTicking = (): void => {
      setNow(Date.now());
      interval = setInterval(() => setNow(Date.now()), 1000);
    };
    const timeout = setTimeout(startTicking, Math.max(0, untilStale + 1));
    return () => {
      clearTimeout(timeout);
      clearInterval(interval);
    };
  }, [readAt, staleAfterMs]);
  if (readAt === undefined) return null;
  const age = now - readAt;
  return age > staleAfterMs ? Math.floor(age / 1000) : null;
}

export interface HeaderProps {
  /** The refresh interval in ms: data older than twice this shows its age. */
  intervalMs: number;
  width: number;
}

/** The header's parts in order: host, backend, family, tables (current one marked), data age, warnings. */
export function useHeaderParts(intervalMs: number): HeaderPart[] {
  const label = useAppState((s) => s.label);
  const live = useAppState((s) => s.live);
  const family = useAppState((s) => s.family);
  const table = useAppState((s) => s.table);
  const names = useAppState((s) => tableNames(s).join(' '));
  const view = useAppState(currentView);
  const updates = useAppState((s) => s.updates);
  const retryIn = useSecondsUntil(updates?.mode === 'polling' ? updates.retryAt : undefined);
  const stopped = live && updates !== undefined ? stoppedWords(updates, retryIn) : null;
  const age = useDataAge(live ? view?.readAt : undefined, Math.max(2 * intervalMs, 3000));
  const warn = view?.warnings.some((w) => /legacy tables present/.test(w));
  const staged = useAppState(stagedEditCount);
  const drifted = useAppState((s) => s.drifted);
  const bootTarget = useAppState((s) => s.boot?.target);
  const unsaved = useAppState((s) => s.boot?.diffs?.some((d) => d.lines.length > 0 || d.missing || d.refused) ?? false);
  const hostFrom = useAppState((s) => s.boot?.hostFilesFromNetns ?? null);
  const broken = useAppState((s) => (s.boot?.diffs ? s.boot.diffs.some((d) => d.problem) : false));
  const parts: (HeaderPart | false)[] = [
    { text: 'fwtui', bold: true, token: 'header.title' },
    { text: ` ${label} `, token: null },
    { text: `${view?.variant ?? '…'} `, token: 'text.muted' },
    // How another program's change reaches the view: at once (ruleset events) or at the next read.
    live && updates !== undefined && { text: updatesWord(updates), token: 'text.muted' },
    // Kept: IPv4 or IPv6 changes what every rule on screen means.
    { text: `${familyLabel(family)} `, bold: true, token: null, keep: true },
    ...names
      .split(' ')
      .filter(Boolean)
      .map((n) => ({
        text: ` ${n} `,
        bold: n === table,
        inverse: n === table,
        token: (n === table ? 'header.accent' : 'text.muted') as Token,
      })),
    !live && { text: ' offline file', token: 'text.muted' },
    staged > 0 && {
      // Offline, nothing is committed to a firewall: `w` writes the file (README); as short as 'c commits' for 80 cols.
      text: ` ${staged} edit${staged === 1 ? '' : 's'} staged (${live ? 'c commits' : 'w writes'})`,
      short: ` ${staged} edit${staged === 1 ? '' : 's'} staged`,
      bold: true,
      token: 'staged.changed',
      // Kept, as the warnings below: the tables' names give way first (Tab and t show them).
      keep: true,
    },
    drifted && { text: ' live rules changed!', token: 'status.error', keep: true },
    age !== null && { text: ` data ${age}s old`, token: 'status.notice', keep: true },
    // Late in the line: at 80 columns it is cut before the tables are (L and the notice show it whole).
    stopped !== null && { ...stopped, token: 'status.notice' },
    Boolean(warn) && { text: ' legacy rules too!', token: 'status.error', keep: true },
    broken && { text: ' saved rules would not load!', bold: true, token: 'status.error', keep: true },
    unsaved && {
      text: ' not saved for boot (D shows, S saves)',
      short: ' not saved',
      bold: true,
      token: 'status.notice',
    },
    Boolean(bootTarget) && !hostFrom && { text: ` saves to ${bootTarget}`, token: 'text.muted' },
    Boolean(bootTarget) &&
      Boolean(hostFrom) && {
        text: ` S saves netns ${hostFrom}'s rules to this host's ${bootTarget}`,
        short: ` S writes THIS host's boot files`,
        keep: true,
        bold: true,
        token: 'status.notice',
      },
  ];
  return parts.filter((p): p is HeaderPart => p !== false);
}

/** Host, backend, family, tables (current one marked), data age, warnings; marked when cut (L shows it whole). */
export function Header({ intervalMs, width }: HeaderProps) {
  const { color } = useTheme();
  const parts = fitHeader(useHeaderParts(intervalMs), width);
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate">
        {parts.map((p, i) => (
          <Text key={i} bold={p.bold} inverse={p.inverse} color={p.token ? color(p.token) : undefined}>
            {p.text}
          </Text>
        ))}
      </Text>
    </Box>
  );
}
