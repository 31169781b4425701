import { Box, Text } from 'ink';
import { ruleLine } from '../domain/render-save.js';
import { countReferences } from '../domain/references.js';
import { currentChain, currentTable, selectedIndex, selectedRule } from '../store/selectors.js';
import { shadowedRulesCached } from '../domain/shadow.js';
import { counterText } from './format/counters.js';
import { useAppState } from './store-context.js';
import { useTheme } from './theme-context.js';

/** The selected chain in one line, then the selected rule's full `-A CHAIN …` text (two lines). */
export function RuleDetail({ width }: { width: number }) {
  const { color } = useTheme();
  const chain = useAppState(currentChain);
  const table = useAppState(currentTable);
  const rule = useAppState(selectedRule);
  const index = useAppState(selectedIndex);
  const exact = useAppState((s) => s.exact);
  const live = useAppState((s) => s.live);
  if (!chain || !table) return <Box height={3} />;
  const summary = chain.policy
    ? `Chain ${chain.name}: policy ${chain.policy}, ${counterText(chain.counters.packets, exact)} packets, ${counterText(chain.counters.bytes, exact)} bytes`
    : `Chain ${chain.name}: user-defined, ${countReferences(table).get(chain.name) ?? 0} references`;
  const shadowedBy = rule ? shadowedRulesCached(chain).get(index) : undefined;
  const never = live && rule?.counters?.packets === 0n ? ' · never hit' : '';
  const position = chain.rules.length ? `rule ${index + 1}/${chain.rules.length}${shadowedBy !== undefined ? ` · never matches: rule ${shadowedBy + 1} takes its packets (A lists all)` : never}` : 'no rules';
  const text = rule ? ruleLine(chain.name, rule, false) : '';
  const chars = [...text];
  const line1 = chars.slice(0, width).join('');
  const rest = chars.slice(width);
  const line2 = rest.length > width ? `${rest.slice(0, width - 1).join('')}…` : rest.join('');
  return (
    <Box flexDirection="column" width={width} height={3}>
      <Text wrap="truncate" color={color('text.muted')}>{`${summary} · ${position}`}</Text>
      <Text wrap="truncate">{line1 || ' '}</Text>
      <Text wrap="truncate">{line2 || ' '}</Text>
    </Box>
  );
}
