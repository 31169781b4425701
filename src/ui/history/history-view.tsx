import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { historyLines, type HistoryLine } from '../format/history-lines.js';
import { fit } from '../format/rule-row.js';
import { wrapText } from '../format/wrap.js';
import { useHeaderParts } from '../header/header.js';
import { useAppState } from '../store-context.js';
import type { Token } from '../theme/theme-tokens.js';
import { useTheme } from '../theme/theme-context.js';
import { historyFooter } from '../keys/footers.js';

const TOKEN: Record<HistoryLine['kind'], Token | undefined> = {
  notice: undefined,
  error: 'status.error',
  failed: 'status.error',
  command: 'text.muted',
};

/** `1 message`, `2 messages`. */
const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * L: every notice shown and every command run, whole and wrapped, newest at
 * the bottom; above them the header, whole, when the screen cuts it. Esc goes back.
 */
export function HistoryView({ width, height, intervalMs }: { width: number; height: number; intervalMs: number }) {
  const { color } = useTheme();
  const history = useAppState((s) => s.history);
  const scroll = useAppState((s) => s.historyScroll);
  const header = useHeaderParts(intervalMs)
    .map((p) => p.text)
    .join('')
    .trim();
  const headerLines = [...header].length > width ? wrapText(`Header: ${header}`, width) : [];
  const lines = useMemo(() => historyLines(history, width), [history, width]);
  const rows = Math.max(1, height - 2 - headerLines.length);
  const top = Math.max(0, lines.length - rows - scroll);
  const commands = history.filter((e) => e.kind === 'command').length;
  const counts = `${counted(history.length - commands, 'message')}, ${counted(commands, 'command')} run`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" bold color={color('header.title')}>
        {fit(`Messages and commands: ${counts}`, width)}
      </Text>
      {headerLines.map((l, i) => (
        <Text key={`h${i}`} bold>
          {l}
        </Text>
      ))}
      {lines.length === 0 && <Text color={color('text.muted')}>nothing yet</Text>}
      {lines.slice(top, top + rows).map((l, i) => (
        <Text key={top + i} wrap="truncate" color={TOKEN[l.kind] ? color(TOKEN[l.kind]!) : undefined}>
          {l.text || ' '}
        </Text>
      ))}
      {Array.from({ length: Math.max(0, rows - Math.max(1, lines.length - top)) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      <Text wrap="truncate" color={color('status.key')}>
        {historyFooter()}
      </Text>
    </Box>
  );
}
