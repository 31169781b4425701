/** The lines of a panel under the rule list (log lines, watched packets): a title, then its lines, errors marked. */
import { Box, Text } from 'ink';
import { useTheme } from '../theme/theme-context.js';

export interface PanelLinesProps {
  lines: readonly string[];
  width: number;
  height: number;
  /** Whether a line is an error (shown in the error colour). */
  isError: (line: string) => boolean;
}

/** The title in the title colour, error lines in the error colour, each line cut at the panel's edge. */
export function PanelLines({ lines, width, height, isError }: PanelLinesProps) {
  const { color } = useTheme();
  return (
    <Box flexDirection="column" width={width} height={height}>
      {lines.map((l, i) => (
        <Text
          key={i}
          wrap="truncate-end"
          color={i === 0 ? color('header.title') : isError(l) ? color('status.error') : undefined}
        >
          {l}
        </Text>
      ))}
    </Box>
  );
}
