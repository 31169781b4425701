import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { currentView, tableNames } from '../store/selectors.js';
import { useAppState } from './store-context.js';
import { useTheme } from './theme-context.js';

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

/** Host, backend, family, tables (current one marked), data age, warnings. */
export function Header({ intervalMs, width }: HeaderProps) {
  const { color } = useTheme();
  const label = useAppState((s) => s.label);
  const live = useAppState((s) => s.live);
  const family = useAppState((s) => s.family);
  const table = useAppState((s) => s.table);
  const names = useAppState((s) => tableNames(s).join(' '));
  const view = useAppState(currentView);
  const age = useDataAge(live ? view?.readAt : undefined, Math.max(2 * intervalMs, 3000));
  const warn = view?.warnings.some((w) => /legacy tables present/.test(w));
  const staged = useAppState((s) => s.staging.edits.length);
  const drifted = useAppState((s) => s.drifted);
  const bootTarget = useAppState((s) => s.boot?.target);
  const unsaved = useAppState((s) => s.boot?.diffs?.some((d) => d.lines.length > 0 || d.missing || d.refused) ?? false);
  const hostFrom = useAppState((s) => s.boot?.hostFilesFromNetns ?? null);
  const broken = useAppState((s) => (s.boot?.diffs ? s.boot.diffs.some((d) => d.problem) : false));
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate">
        <Text bold color={color('header.title')}>fwtui</Text>
        <Text> {label} </Text>
        <Text color={color('text.muted')}>{view?.variant ?? '…'} </Text>
        <Text bold>{family === 'ipv6' ? 'IPv6' : 'IPv4'} </Text>
        {names.split(' ').filter(Boolean).map((n) => (
          <Text key={n} bold={n === table} inverse={n === table} color={n === table ? color('header.accent') : color('text.muted')}>
            {` ${n} `}
          </Text>
        ))}
        {!live && <Text color={color('text.muted')}> offline file</Text>}
        {staged > 0 && <Text bold color={color('staged.changed')}> {staged} edit{staged === 1 ? '' : 's'} staged (c commits)</Text>}
        {drifted && <Text color={color('status.error')}> live rules changed!</Text>}
        {age !== null && <Text color={color('status.notice')}> data {age}s old</Text>}
        {warn && <Text color={color('status.error')}> legacy rules too!</Text>}
        {broken && <Text bold color={color('status.error')}> saved rules would not load!</Text>}
        {unsaved && <Text bold color={color('status.notice')}> not saved for boot (D shows, S saves)</Text>}
        {bootTarget && !hostFrom && <Text color={color('text.muted')}> saves to {bootTarget}</Text>}
        {bootTarget && hostFrom && (
          <Text bold color={color('status.notice')}> S saves netns {hostFrom}'s rules to this host's {bootTarget}</Text>
        )}
      </Text>
    </Box>
  );
}
