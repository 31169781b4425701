import { Box, Text } from 'ink';
import { ownerOf } from '../domain/chain-owners.js';
import { ruleLine } from '../domain/render-save.js';
import { countReferences } from '../domain/references.js';
import { currentChain, currentTable, selectedIndex, selectedRule } from '../store/selectors.js';
import { shadowedRulesCached } from '../domain/shadow.js';
import { counterText } from './format/counters.js';
import { detailLines } from './format/detail-lines.js';
import { fit } from './format/rule-row.js';
import { useAppState } from './store-context.js';
import { useTheme } from './theme-context.js';

/**
 * The selected chain in one line, then the selected rule's full `-A CHAIN …` text wrapped over
 * `lines` lines (App gives it as many as the text needs, up to a quarter of the screen).
 */
export function RuleDetail({ width, lines = 2 }: { width: number; lines?: number }) {
  const { color } = useTheme();
  const chain = useAppState(currentChain);
  const table = useAppState(currentTable);
  const rule = useAppState(selectedRule);
  const index = useAppState(selectedIndex);
  const exact = useAppState((s) => s.exact);
  const live = useAppState((s) => s.live);
  if (!chain || !table) return <Box height={lines + 1} />;
  const owner = ownerOf(chain.name);
  const summary = chain.policy
    ? `Chain ${chain.name}: policy ${chain.policy}, ${counterText(chain.counters.packets, exact)} ` + `packets, ${counterText(chain.counters.bytes, exact)} bytes`
    : `Chain ${chain.name}: user-defined${owner ? `, owned by ${owner.program}` : ''}, `
      + `${countReferences(table).get(chain.name) ?? 0} references`;
  const shadowedBy = rule ? shadowedRulesCached(chain).get(index) : undefined;
  const never = live && rule?.counters?.packets === 0n ? ' · never hit' : '';
  const shadowNote =
    shadowedBy !== undefined ? ` · never matches: rule ${shadowedBy + 1} takes its packets (A lists all)` : never;
  const position = chain.rules.length ? `rule ${index + 1}/${chain.rules.length}${shadowNote}` : 'no rules';
  const text = rule ? ruleLine(chain.name, rule, false) : '';
  const wrapped = detailLines(text, width);
  // Only a rule longer than a quarter of the screen is cut, and then with the mark.
  const shown = wrapped.length > lines
    ? [...wrapped.slice(0, lines - 1), fit(wrapped.slice(lines - 1).join(''), width)]
    : wrapped;
  return (
    <Box flexDirection="column" width={width} height={lines + 1}>
      <Text wrap="truncate" color={color('text.muted')}>{`${summary} · ${position}`}</Text>
      {Array.from({ length: lines }, (_, i) => (
        <Text key={i} wrap="truncate">{shown[i] || ' '}</Text>
      ))}
    </Box>
  );
}
