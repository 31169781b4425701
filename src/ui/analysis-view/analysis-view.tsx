import { Box, Text } from 'ink';
import { useEffect, useMemo } from 'react';
import { cursorKey } from '../../store/app-state.js';
import { currentTable } from '../../store/selectors.js';
import { wrapLines } from '../format/wrap.js';
import { analysisLines, type AnalysisLine } from '../format/analysis-lines.js';
import { fit } from '../format/rule-row.js';
import { useAppState, useStoreApi } from '../store-context.js';
import { shadowsOf } from '../../store/shadow-slice.js';
import type { Token } from '../theme/theme-tokens.js';
import { useTheme } from '../theme/theme-context.js';
import { analysisFooter } from '../keys/footers.js';
import { familyLabel } from '../../domain/model/family-label.js';
import type { Chain } from '../../domain/model/ruleset.js';

const TOKEN: Record<AnalysisLine['kind'], Token | undefined> = {
  chain: 'header.accent',
  shadowed: 'status.error',
  never: 'text.muted',
  note: 'text.muted',
  blank: undefined,
};

/** A: the table's shadowed and never-hit rules, chain by chain; Esc goes back. */
export function AnalysisView({ width, height }: { width: number; height: number }) {
  const { color } = useTheme();
  const table = useAppState(currentTable);
  const family = useAppState((s) => s.family);
  const live = useAppState((s) => s.live);
  const scroll = useAppState((s) => s.analysisScroll);
  const zeroed = useAppState((s) => s.zeroed);
  const store = useStoreApi();
  // The answers so far; the chains not yet checked are checked in idle time, after this frame.
  const shadows = useAppState((s) => s.shadows);
  useEffect(() => {
    if (table) store.getState().actions.checkShadows(table.chains);
  }, [store, table]);
  const lines = useMemo(() => {
    const name = table?.name ?? 'filter';
    const here = (chain: string) => zeroed?.includes(cursorKey({ family, table: name, chain })) ?? false;
    const marks = (chain: Chain) => shadowsOf(shadows, chain);
    // Wrapped, never cut: a rule range or why a count is zero is read whole.
    return wrapLines(table ? analysisLines(table, live, marks, here) : [], width);
  }, [table, live, zeroed, family, width, shadows]);
  const rows = Math.max(1, height - 2);
  const top = Math.min(scroll, Math.max(0, lines.length - rows));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" bold color={color('header.title')}>
        {fit(`Shadowed and never-hit rules: ${familyLabel(family)} ${table?.name ?? ''}`, width)}
      </Text>
      {lines.slice(top, top + rows).map((l, i) => (
        <Text
          key={top + i}
          wrap="truncate"
          bold={l.kind === 'chain'}
          color={TOKEN[l.kind] ? color(TOKEN[l.kind]!) : undefined}
        >
          {l.text || ' '}
        </Text>
      ))}
      {Array.from({ length: Math.max(0, rows - (lines.length - top)) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      <Text wrap="truncate" color={color('status.key')}>
        {analysisFooter()}
      </Text>
    </Box>
  );
}
