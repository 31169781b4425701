import { Box, Text } from 'ink';
import { useRef } from 'react';
import { ruleKeys } from '../domain/counter-diff.js';
import { currentChain, currentTable, currentView, selectedIndex } from '../store/selectors.js';
import { headerText, layoutColumns, rowSegments, ruleCells, fit } from './format/rule-row.js';
import { windowStart } from './format/window.js';
import { useAppState } from './store-context.js';
import { useGlyphs } from './glyphs-context.js';
import { targetToken } from './target-color.js';
import { useTheme } from './theme-context.js';

export interface RuleListProps {
  width: number;
  /** Rows including the column header. */
  height: number;
}

/**
 * The rules of the selected chain as a virtualized grid: only the rows on
 * screen are formatted and rendered, so 100k rules scroll like ten.
 */
export function RuleList({ width, height }: RuleListProps) {
  const { theme, color } = useTheme();
  const glyphs = useGlyphs();
  const chain = useAppState(currentChain);
  const userChains = useAppState((s) => currentTable(s)?.chains.filter((c) => c.policy === null).map((c) => c.name).join('\0') ?? '');
  const family = useAppState((s) => s.family);
  const exact = useAppState((s) => s.exact);
  const cursor = useAppState(selectedIndex);
  const focused = useAppState((s) => s.focus === 'rules');
  const view = useAppState(currentView);
  const query = useAppState((s) => s.query.toLowerCase());
  const top = useRef(0);
  const rows = Math.max(0, height - 1);
  const rules = chain?.rules ?? [];
  top.current = windowStart(top.current, cursor, rows, rules.length);
  const first = top.current;
  const visible = rules.slice(first, first + rows);
  const keys = chain ? ruleKeys(chain).slice(first, first + rows) : [];
  const cells = visible.map((rule, i) => ruleCells(rule, first + i + 1, family, exact, view?.rates.get(keys[i]!)));
  // One column of marks: counters moved since the last read (readable without colour too).
  const columns = layoutColumns(width - 1, cells);
  const users = new Set(userChains.split('\0'));

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" bold color={color('text.muted')}>{fit(` ${headerText(columns)}`, width)}</Text>
      {rules.length === 0 && <Text color={color('text.muted')}>{fit(chain ? '(no rules: the policy decides)' : '(no chain)', width)}</Text>}
      {cells.map((c, i) => {
        const selected = first + i === cursor;
        const moved = view?.moved.has(keys[i]!) ?? false;
        const seg = rowSegments(c, columns);
        const mark = selected && focused;
        // Only a highlighted row needs its padding; elsewhere trailing blanks are bytes on a slow link.
        const after = mark ? seg.after : seg.after.trimEnd();
        const pad = mark ? ' '.repeat(Math.max(0, width - 1 - [...seg.before, ...seg.target, ...after].length)) : '';
        const rowColor = mark && !theme.inverseSelection ? color('row.selected.fg') : moved ? color('row.moved') : color('text.primary');
        const hit = query !== '' && visible[i]!.spec.toLowerCase().includes(query);
        return (
          <Text
            key={first + i}
            wrap="truncate"
            inverse={mark && theme.inverseSelection}
            underline={selected && !focused}
            backgroundColor={mark && !theme.inverseSelection ? color('row.selected.bg') : undefined}
            color={rowColor}
            // Colour marks a moved row where there is colour; bold only where there is none (fewer bytes per refresh).
            bold={moved && theme.inverseSelection}
          >
            {moved ? glyphs.moved : ' '}
            {seg.before}
            <Text color={mark ? undefined : hit ? color('search.hit') : color(targetToken(c.target, users.has(c.target)))}>{seg.target}</Text>
            {after}
            {pad}
          </Text>
        );
      })}
    </Box>
  );
}
