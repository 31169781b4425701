import { Box, Text } from 'ink';
import { KEYMAP, type KeyPattern } from './keymap.js';
import { fit } from './format/rule-row.js';
import { useGlyphs } from './glyphs-context.js';
import { useAppState } from './store-context.js';
import { useTheme } from './theme-context.js';

const KEY_NAMES: Readonly<Record<string, [string, string]>> = {
  upArrow: ['↑', 'Up'], downArrow: ['↓', 'Down'], leftArrow: ['←', 'Left'], rightArrow: ['→', 'Right'],
  pageUp: ['PgUp', 'PgUp'], pageDown: ['PgDn', 'PgDn'], home: ['Home', 'Home'], end: ['End', 'End'], tab: ['Tab', 'Tab'],
  return: ['Enter', 'Enter'], backspace: ['Bksp', 'Bksp'], delete: ['Del', 'Del'], escape: ['Esc', 'Esc'],
};

/** Every key from the key map, generated, not written twice; two columns when one does not fit. */
export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const { color } = useTheme();
  const unicode = useGlyphs().vertical === '│';
  const name = (k: KeyPattern): string =>
    'input' in k ? k.input : 'ctrl' in k ? `Ctrl-${k.ctrl.toUpperCase()}` : `${k.shift ? 'Shift+' : ''}${KEY_NAMES[k.key]?.[unicode ? 0 : 1] ?? k.key}`;
  const lines = KEYMAP.map((b) => ({ keys: b.keys.map(name).join(', '), text: b.description }));
  const rows = Math.max(1, height - 1);
  // Two columns where one does not fit; pages (Space/PgDn) where two do not either.
  const columns = lines.length > rows && width >= 80 ? 2 : 1;
  const colWidth = Math.floor(width / columns);
  const keyWidth = Math.min(16, Math.max(...lines.map((l) => l.keys.length)) + 2);
  const perPage = rows * columns;
  const pages = Math.ceil(lines.length / perPage);
  const page = Math.min(useAppState((s) => s.helpPage), pages - 1);
  const shown = lines.slice(page * perPage, (page + 1) * perPage);
  const perColumn = Math.ceil(shown.length / columns);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold color={color('header.title')}>{`Keys (? or Esc closes${pages > 1 ? `; page ${page + 1} of ${pages}, Space/PgDn next, PgUp back` : ''})`}</Text>
      <Box>
        {Array.from({ length: columns }, (_, c) => (
          <Box key={c} flexDirection="column" width={colWidth}>
            {shown.slice(c * perColumn, (c + 1) * perColumn).map((l) => (
              <Text key={l.keys} wrap="truncate">
                <Text color={color('status.key')}>{fit(l.keys, keyWidth)}</Text>
                {fit(l.text, colWidth - keyWidth - 1)}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
