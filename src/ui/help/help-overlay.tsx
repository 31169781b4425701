import { Box, Text } from 'ink';
import { fit } from '../format/rule-row.js';
import { helpColumnWidth, helpKeyWidth, helpPages } from '../format/help-pages.js';
import { useGlyphs } from '../terminal/glyphs-context.js';
import { keysOf } from '../keys/key-binding.js';
import { MODES } from '../keys/modes.js';
import { useAppState } from '../store-context.js';
import { useTheme } from '../theme/theme-context.js';
import { HELP_KEYS } from '../keys/view-keys.js';

/** "? or Esc closes; page 1 of 4: rule list, Space/PgDn next, PgUp back": the help's own keys, from its map. */
function helpTitle(group: string, number: number, of: number): string {
  const close = keysOf(HELP_KEYS, 'close', 2).join(' or ');
  const next = keysOf(HELP_KEYS, 'next', 2).join('/');
  const back = keysOf(HELP_KEYS, 'previous').join('/');
  return `Keys (${close} closes; page ${number} of ${of}: ${group}, ${next} next, ${back} back)`;
}

/**
 * Every key of every mode, from the key maps themselves, grouped by mode; pages with a "more below" mark
 * where the screen does not hold them all (an 80x24 terminal does not).
 */
export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const { color } = useTheme();
  const unicode = useGlyphs().vertical === '│';
  // Title and the "more below" line are fixed; the rest holds the keys.
  const pages = helpPages(MODES, width, Math.max(1, height - 2), unicode);
  const index = Math.min(
    useAppState((s) => s.helpPage),
    pages.length - 1,
  );
  const page = pages[index]!;
  const next = pages[index + 1];
  const keyWidth = helpKeyWidth(MODES, unicode);
  const colWidth = helpColumnWidth(width);
  const turn = keysOf(HELP_KEYS, 'next', 2).join('/');
  const more = !next
    ? '(end of the keys)'
    : next.group === page.group
      ? `↓ more below: ${turn} for the next page`
      : `↓ more below: ${turn} for the keys of ${next.about}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" bold color={color('header.title')}>
        {helpTitle(page.group, page.number, page.of)}
      </Text>
      <Box height={Math.max(1, height - 2)}>
        {page.columns.map((rows, c) => (
          <Box key={c} flexDirection="column" width={colWidth}>
            {rows.map((r, i) =>
              r.kind === 'heading' ? (
                <Text key={i} bold wrap="truncate">
                  {fit(r.text, colWidth - 1)}
                </Text>
              ) : (
                <Text key={i} wrap="truncate">
                  <Text color={color('status.key')}>{r.text ? fit(r.keys, keyWidth) : r.keys}</Text>
                  {r.text ? fit(r.text, colWidth - keyWidth - 1) : ''}
                </Text>
              ),
            )}
          </Box>
        ))}
      </Box>
      <Text wrap="truncate" color={color('text.muted')}>
        {more}
      </Text>
    </Box>
  );
}
