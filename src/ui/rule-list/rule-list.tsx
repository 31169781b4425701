import { Box, Text } from 'ink';
import { watchedIndexes } from '../watch/watch-lines.js';
import { useEffect, useRef } from 'react';
import { ruleKeyMap, ruleKeys } from '../../domain/diff/counter-diff.js';
import type { Rule } from '../../domain/model/ruleset.js';
import {
  currentChain,
  currentChainDiff,
  currentTable,
  currentView,
  liveChain,
  selectedIndex,
} from '../../store/selectors.js';
import { headerText, rowLayout, rowSegments, ruleCells, fit, withSparkColumn } from '../format/rule-row.js';
import { textWidth } from '../format/text-width.js';
import { rowSpark } from '../format/hot-lines.js';
import { currentHistory } from '../../store/rates-slice.js';
import { emptyChainHint } from '../keys/footers.js';
import { stagedRows, type StagedMark } from '../format/staged-rows.js';
import { shadowsOf } from '../../store/shadow-slice.js';
import { windowStart } from '../format/window.js';
import { useAppState, useStoreApi } from '../store-context.js';
import { useGlyphs } from '../terminal/glyphs-context.js';
import { targetToken } from '../theme/target-color.js';
import { useTheme } from '../theme/theme-context.js';

/**
 * What happens to packets in a chain with no rules: a built-in chain's policy decides; a user chain has none, and
 * packets go on after the last -j that led to it (a -g goto leaves no return point of its own; reached by -g from a
 * built-in chain alone, that chain's policy decides, as at the end of any chain there).
 */
export const emptyChainWords = (builtin: boolean): string =>
  builtin ? '(no rules: the policy decides)' : '(no rules: packets go on after the last -j that led here)';

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
  const userChains = useAppState(
    (s) =>
      currentTable(s)
        ?.chains.filter((c) => c.policy === null)
        .map((c) => c.name)
        .join('\0') ?? '',
  );
  const family = useAppState((s) => s.family);
  const exact = useAppState((s) => s.exact);
  const rowMode = useAppState((s) => s.rowMode);
  const matchScroll = useAppState((s) => s.matchScroll);
  const store = useStoreApi();
  const cursor = useAppState(selectedIndex);
  const focused = useAppState((s) => s.focus === 'rules');
  const view = useAppState(currentView);
  const query = useAppState((s) => s.query.toLowerCase());
  const diff = useAppState(currentChainDiff);
  const top = useRef(0);
  const rows = Math.max(0, height - 1);
  const rules = chain?.rules ?? [];
  const live = useAppState(liveChain);
  // Marked once the analysis has answered: it runs after this frame, in idle time (the chain line says so meanwhile).
  const shadowed = useAppState((s) => (chain ? shadowsOf(s.shadows, chain) : null));
  useEffect(() => {
    if (chain) store.getState().actions.checkShadows([chain]);
  }, [store, chain]);
  const table = useAppState((s) => s.table);
  const history = useAppState(currentHistory);
  const liveFirewall = useAppState((s) => s.live);
  const traced = useAppState((s) => s.trace);
  // Rules a watched real packet hit (W) are marked like a traced path.
  const watched = useAppState((s) => (s.watch?.family === family ? s.watch.hits : null));
  const onPath = new Set([
    ...(traced && traced.family === family
      ? traced.path.filter((p) => p.table === table && p.chain === chain?.name).map((p) => p.index)
      : []),
    ...watchedIndexes(watched, table, chain?.name),
  ]);
  // Keys find each row's rate and moved mark; a staged chain finds them by rule identity (no 100k re-keying).
  const keysAll = chain && chain === live ? ruleKeys(chain) : null;
  const keyMap = chain && chain !== live && live ? ruleKeyMap(live) : null;
  const keyOf = (index: number): string => keysAll?.[index] ?? keyMap?.get(rules[index]!) ?? `new${index}`;
  // With staged edits the rows include deleted live rules (ghosts) and marks; without, rows are the rules.
  const staged = diff ? stagedRows(diff) : null;
  const count = staged ? staged.rows.length : rules.length;
  top.current = windowStart(top.current, staged ? staged.positionOf(cursor) : cursor, rows, count);
  const first = top.current;
  const items: { rule: Rule; index: number; mark: StagedMark | 'deleted' | null; key: string }[] = [];
  for (let r = first; r < Math.min(count, first + rows); r++) {
    const row = staged ? staged.rows[r]! : { index: r, mark: null };
    if ('ghost' in row) items.push({ rule: row.ghost, index: -1, mark: 'deleted', key: `ghost${row.was}` });
    else items.push({ rule: rules[row.index]!, index: row.index, mark: row.mark, key: keyOf(row.index) });
  }
  const visible = items.map((it) => it.rule);
  const keys = items.map((it) => it.key);
  const cells = items.map((it) => {
    const gone = it.mark === 'deleted';
    const rate = gone ? undefined : view?.rates.get(it.key);
    const variant = view?.variant === 'legacy' ? 'legacy' : 'nft';
    const c = ruleCells(
      it.rule,
      it.index + 1,
      family,
      exact,
      rate,
      gone ? undefined : view?.byteRates?.get(it.key),
      variant,
    );
    const spark = gone ? '' : rowSpark(history, it.key, glyphs.spark);
    return it.mark === 'deleted' ? { ...c, num: '-' } : { ...c, spark };
  });
  // One column of marks (counters moved, staged, traced; readable without colour), and where neither colour
  // nor attributes show (NO_COLOR, TERM=dumb), one more for the selection: `>`.
  const marker = theme.selectionMarker === true;
  // The last minute's sparklines where the room allows without cutting any rule text on screen (a saved file has
  // no rates: no column).
  const plain = rowLayout(width - (marker ? 2 : 1), cells, rowMode);
  const layout = liveFirewall ? withSparkColumn(plain, cells) : plain;
  const wideFits = layout.mode === 'wide' || rowLayout(width - (marker ? 2 : 1), cells, 'wide').mode === 'wide';
  const shownMode = layout.mode;
  useEffect(() => store.getState().actions.rowModeShown({ mode: shownMode, wideFits }), [store, shownMode, wideFits]);
  // Scrolled no further than the longest text on screen keeps (its last character stays in view).
  const textId = layout.mode === 'wide' ? 'extra' : 'rule';
  const longestText = Math.max(0, ...cells.map((c) => [...c[textId]].length));
  const scroll = Math.min(matchScroll, Math.max(0, longestText - 1));
  const scrolledTitle = `matches from character ${scroll + 1} (<)`;
  const columns = layout.columns.map((c) => (c.id === textId && scroll > 0 ? { ...c, title: scrolledTitle } : c));
  const users = new Set(userChains.split('\0'));

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" bold color={color('text.muted')}>
        {fit(`${marker ? '  ' : ' '}${headerText(columns)}`, width)}
      </Text>
      {rules.length === 0 && (
        <Text color={color('text.muted')}>
          {fit(chain ? emptyChainWords(chain.policy !== null) : '(no chain)', width)}
        </Text>
      )}
      {rules.length === 0 && chain && <Text color={color('text.muted')}>{fit(emptyChainHint(), width)}</Text>}
      {cells.map((c, i) => {
        const item = items[i]!;
        const selected = item.index === cursor;
        const staged = item.mark;
        const moved = !staged && (view?.moved.has(keys[i]!) ?? false);
        const seg = rowSegments(c, columns, scroll);
        const mark = selected && focused;
        // Only a highlighted row needs its padding; elsewhere trailing blanks are bytes on a slow link.
        const after = mark ? seg.after : seg.after.trimEnd();
        const used = (marker ? 2 : 1) + textWidth(seg.before + seg.target + after);
        const pad = mark ? ' '.repeat(Math.max(0, width - used)) : '';
        const isTraced = item.index >= 0 && onPath.has(item.index);
        const isShadowed = item.index >= 0 && (shadowed?.has(item.index) ?? false);
        const rowColor =
          mark && !theme.inverseSelection
            ? color('row.selected.fg')
            : staged
              ? color(`staged.${staged}`)
              : isTraced
                ? color('search.hit')
                : moved
                  ? color('row.moved')
                  : isShadowed
                    ? color('text.muted')
                    : color('text.primary');
        const markGlyph = staged
          ? glyphs.staged[staged]
          : isTraced
            ? glyphs.traced
            : moved
              ? glyphs.moved
              : isShadowed
                ? glyphs.shadowed
                : ' ';
        const hit = query !== '' && visible[i]!.spec.toLowerCase().includes(query);
        return (
          <Text
            // Keyed by place on screen: a chain switch or a scroll updates the rows Ink has, not new ones.
            key={i}
            strikethrough={staged === 'deleted'}
            dimColor={staged === 'deleted'}
            wrap="truncate"
            inverse={mark && theme.inverseSelection}
            underline={selected && !focused}
            backgroundColor={mark && !theme.inverseSelection ? color('row.selected.bg') : undefined}
            color={rowColor}
            // Colour marks a moved row where there is colour; bold only where there is none (fewer bytes per refresh).
            bold={moved && theme.inverseSelection}
          >
            {marker ? (mark ? '>' : selected ? '.' : ' ') : ''}
            {markGlyph}
            {seg.before}
            <Text
              color={mark ? undefined : hit ? color('search.hit') : color(targetToken(c.target, users.has(c.target)))}
            >
              {seg.target}
            </Text>
            {after}
            {pad}
          </Text>
        );
      })}
    </Box>
  );
}
