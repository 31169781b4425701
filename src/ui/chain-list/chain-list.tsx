import { Box, Text } from 'ink';
import { ownerOf } from '../../domain/model/chain-owners.js';
import { currentDiff, currentTable } from '../../store/selectors.js';
import { CHAIN_ROW_EXTRA } from '../format/pane-widths.js';
import { fitName } from '../format/chain-name.js';
import { fit } from '../format/rule-row.js';
import { windowStart } from '../format/window.js';
import { useRef } from 'react';
import { useAppState } from '../store-context.js';
import { useTheme } from '../theme/theme-context.js';

export interface ChainListProps {
  width: number;
  height: number;
  /** Leave out the rule count (narrow terminals; the chain line says `rule 3/12`). The policy always stays. */
  compact: boolean;
}

/**
 * The chains of the current table: name, policy (built-in) or the program that owns it (user chain, else `-`)
 * and rule count, at every width. A name that does not fit keeps both ends around a mark
 * (siblings stay distinct), a label is cut with a mark; the chain line below
 * names the selected chain whole.
 */
export function ChainList({ width, height, compact }: ChainListProps) {
  const { theme, color } = useTheme();
  const chains = useAppState((s) => currentTable(s)?.chains);
  const selected = useAppState((s) => s.chain);
  const focused = useAppState((s) => s.focus === 'chains');
  const diff = useAppState(currentDiff);
  const changed = new Set([
    ...(diff?.chains.map((c) => c.name) ?? []),
    ...(diff?.created ?? []),
    ...(diff?.renamed.map(([, to]) => to) ?? []),
  ]);
  const top = useRef(0);
  const list = chains ?? [];
  const cursor = Math.max(
    0,
    list.findIndex((c) => c.name === selected),
  );
  const rows = height - 1;
  top.current = windowStart(top.current, cursor, rows, list.length);
  // Where the terminal shows no attributes, `>` marks the selected chain.
  const marker = theme.selectionMarker === true;
  const countWidth = compact ? 0 : Math.max(6, ...list.map((c) => String(c.rules.length).length));
  const nameWidth = Math.max(4, width - (marker ? 1 : 0) - CHAIN_ROW_EXTRA - (compact ? 0 : countWidth + 1));
  const policyCell = (text: string): string => ` ${fit(text, 6)}`;
  const count = (text: string): string => (compact ? '' : ` ${fit(text, countWidth, 'right')}`);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" bold={focused} color={color('text.muted')}>
        {fit(`${marker ? '  ' : ' '}${fit('chain', nameWidth)}${policyCell('policy')}${count('rules')}`, width)}
      </Text>
      {list.slice(top.current, top.current + rows).map((chain) => {
        const isSelected = chain.name === selected;
        // A mark for chains with staged changes, readable without colour.
        const selection = marker ? (isSelected ? (focused ? '>' : '.') : ' ') : '';
        // A user chain has no policy: its column names the program that owns it.
        const owner = chain.policy === null ? ownerOf(chain.name) : null;
        const name = fitName(chain.name, nameWidth);
        const cells = `${name}${policyCell(chain.policy ?? owner?.label ?? '-')}${count(String(chain.rules.length))}`;
        const line = `${selection}${changed.has(chain.name) ? '~' : ' '}${cells}`;
        const highlight = isSelected && focused;
        return (
          <Text
            key={chain.name}
            wrap="truncate"
            inverse={highlight && theme.inverseSelection}
            backgroundColor={highlight && !theme.inverseSelection ? color('row.selected.bg') : undefined}
            color={
              highlight && !theme.inverseSelection
                ? color('row.selected.fg')
                : chain.policy === 'DROP'
                  ? color('target.drop')
                  : chain.policy
                    ? color('chain.builtin')
                    : color('chain.user')
            }
            bold={isSelected}
          >
            {fit(line, width)}
          </Text>
        );
      })}
    </Box>
  );
}
