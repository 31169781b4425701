import { Box, Text } from 'ink';
import { KEYMAP } from './keymap.js';
import { fit } from './format/rule-row.js';
import { useTheme } from './theme-context.js';

/** Every key from the key map, generated, not written twice. */
export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const { color } = useTheme();
  const lines = KEYMAP.map((b) => ({ keys: b.keys.map((k) => ('input' in k ? k.input : k.key.replace('Arrow', ''))).join(', '), text: b.description }));
  const keyWidth = Math.min(24, Math.max(...lines.map((l) => l.keys.length)) + 2);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold color={color('header.title')}>Keys (? or Esc closes)</Text>
      {lines.slice(0, height - 1).map((l) => (
        <Text key={l.keys} wrap="truncate">
          <Text color={color('status.key')}>{fit(l.keys, keyWidth)}</Text>
          {l.text}
        </Text>
      ))}
    </Box>
  );
}
