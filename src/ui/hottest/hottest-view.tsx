import { Box, Text } from 'ink';
import { hottestRules, measuredWords } from '../../domain/diff/rate-history.js';
import { currentHistory } from '../../store/rates-slice.js';
import { liveTable } from '../../store/selectors.js';
import { hotLine } from '../format/hot-lines.js';
import { wrapLines, wrapText } from '../format/wrap.js';
import { wrappedPage } from '../format/wrapped-page.js';
import { footer } from '../keys/key-binding.js';
import { useAppState } from '../store-context.js';
import { useGlyphs } from '../terminal/glyphs-context.js';
import { useTheme } from '../theme/theme-context.js';
import { HOTTEST_KEYS } from './hottest-keys.js';

const FOOTER = (by: 'packets' | 'bytes'): string =>
  footer(HOTTEST_KEYS, [
    { commands: ['jump'], text: 'go to the rule' },
    { commands: ['by'], text: by === 'packets' ? 'by bytes/s' : 'by packets/s' },
    { commands: ['close'], text: 'back' },
  ]);

/**
 * `H`: the rules of the table on screen that had traffic in the last minute, hottest first (packets/s or bytes/s
 * over the time measured in it, said until a whole minute is), each with its sparkline (12 slices of 5 s, the
 * minute ending at the last poll; `_` idle, blank not measured). A rule's text wraps, never cut.
 */
export function HottestView({ width, height }: { width: number; height: number }) {
  const { color } = useTheme();
  const glyphs = useGlyphs();
  const s = useAppState((x) => x);
  const p = s.hotPanel;
  if (!p) return null;
  const history = currentHistory(s);
  const hot = hottestRules(history, p.by);
  const table = liveTable(s);
  const now = history.polls[history.polls.length - 1] ?? 0;
  const family = s.family === 'ipv6' ? 'IPv6' : 'IPv4';
  const rate = p.by === 'packets' ? 'packets/s' : 'bytes/s';
  const over = measuredWords(history);
  const title = `Hottest rules of ${s.table} (${family}) by ${rate} over ${over}: ${hot.length} with traffic`;
  const titleLines = wrapText(title, width);
  const room = Math.max(1, height - titleLines.length - 1);
  const wrapped = hot.map((h) =>
    wrapLines([{ text: hotLine(h, history, table, now, glyphs.spark, p.by) }], width).map((l) => l.text),
  );
  const empty =
    history.polls.length === 0
      ? 'No rates yet: they come with the counter polls (within a poll or two, each second or so).'
      : hot.length === 0
        ? `No rule of this table had traffic in ${over}${over === 'the last minute' ? '' : ' so far'}.`
        : null;
  const { lines, cursorLines } = wrappedPage(wrapped, p.cursor, room, empty, width);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {titleLines.map((t, i) => (
        <Text key={`t${i}`} bold color={color('header.title')}>
          {t}
        </Text>
      ))}
      {lines.slice(0, room).map((l, i) => (
        <Text key={i} inverse={cursorLines.has(i)}>
          {l}
        </Text>
      ))}
      {Array.from({ length: Math.max(0, room - lines.length) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      <Text wrap="truncate" color={color('status.key')}>
        {FOOTER(p.by)}
      </Text>
    </Box>
  );
}
