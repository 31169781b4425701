import { Box, Text } from 'ink';
import { ruleLine } from '../../domain/text/render-save.js';
import { currentChain, selectedRule } from '../../store/selectors.js';
import { detailLines } from '../format/detail-lines.js';
import { fit } from '../format/rule-row.js';
import { wrapText } from '../format/wrap.js';
import { useAppState } from '../store-context.js';
import { useTheme } from '../theme/theme-context.js';
import { useChainLine } from './use-chain-line.js';

/** The chain line's rows at this width: wrapped at spaces, at most `max` (the last one cut with a mark). */
export function chainLineRows(text: string, width: number, max = 3): string[] {
  const rows = wrapText(text, width);
  return rows.length > max ? [...rows.slice(0, max - 1), fit(rows.slice(max - 1).join(' '), width)] : rows;
}

/**
 * The selected chain (wrapped over as many rows as App gives it: never cut at its end), then the selected
 * rule's full `-A CHAIN …` text wrapped over `lines` lines (App gives it as many as the text needs, up to a
 * quarter of the screen).
 */
export function RuleDetail({ width, lines = 2, chainRows = 1 }: { width: number; lines?: number; chainRows?: number }) {
  const { color } = useTheme();
  const chain = useAppState(currentChain);
  const rule = useAppState(selectedRule);
  const chainLine = useChainLine();
  if (!chain) return <Box height={lines + chainRows} />;
  const head = chainLineRows(chainLine, width, chainRows);
  const text = rule ? ruleLine(chain.name, rule, false) : '';
  const wrapped = detailLines(text, width);
  // Only a rule longer than a quarter of the screen is cut, and then with the mark.
  const shown =
    wrapped.length > lines ? [...wrapped.slice(0, lines - 1), fit(wrapped.slice(lines - 1).join(''), width)] : wrapped;
  return (
    <Box flexDirection="column" width={width} height={lines + chainRows}>
      {Array.from({ length: chainRows }, (_, i) => (
        <Text key={`c${i}`} wrap="truncate" color={color('text.muted')}>
          {head[i] || ' '}
        </Text>
      ))}
      {Array.from({ length: lines }, (_, i) => (
        <Text key={i} wrap="truncate">
          {shown[i] || ' '}
        </Text>
      ))}
    </Box>
  );
}
