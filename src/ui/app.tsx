import { AnalysisView } from './analysis-view/analysis-view.js';
import { Box, Text } from 'ink';
import { currentChain, currentTable, overlayKind, promptOf, selectedRule } from '../store/selectors.js';
import { ruleLine } from '../domain/text/render-save.js';
import { detailLines } from './format/detail-lines.js';
import { paneWidths } from './format/pane-widths.js';
import { promptErrorLines, promptErrorRoom } from './format/prompt-lines.js';
import { ChainList } from './chain-list/chain-list.js';
import { CommitView } from './commit-view/commit-view.js';
import { ConnectionsView } from './connections/connections-view.js';
import { HottestView } from './hottest/hottest-view.js';
import { RuleEditor } from './rule-editor/rule-editor.js';
import { Header } from './header/header.js';
import { HelpOverlay } from './help/help-overlay.js';
import { HistoryView } from './history/history-view.js';
import { chainLineRows, RuleDetail } from './rule-list/rule-detail.js';
import { RuleList } from './rule-list/rule-list.js';
import { SavedView } from './saved-view/saved-view.js';
import { SetsView } from './sets/sets-view.js';
import { ExposureView } from './exposure/exposure-view.js';
import { StatusBar, useQuestionRows } from './status-bar/status-bar.js';
import { useAppInput } from './keys/use-app-input.js';
import { useChainLine } from './rule-list/use-chain-line.js';
import { useAppState } from './store-context.js';
import { useGlyphs } from './terminal/glyphs-context.js';
import { useTheme } from './theme/theme-context.js';
import { WatchPanel, watchPanelRows } from './watch/watch-panel.js';
import { LogPanel, logPanelRows } from './log-hits/log-panel.js';

export interface AppProps {
  /** Lines and columns to fill exactly; keep rows below the terminal's height (Ink clears the screen otherwise). */
  columns: number;
  rows: number;
  intervalMs: number;
}

/** Header, chains | rules, rule detail, status: exactly `rows` lines. */
export function App({ columns, rows, intervalMs }: AppProps) {
  const { color } = useTheme();
  const glyphs = useGlyphs();
  const status = useAppState((s) => s.status);
  const error = useAppState((s) => s.error);
  const overlay = useAppState(overlayKind);
  // The sets panel stays in view under its own prompts and questions.
  const setsOpen = useAppState(
    (s) => s.setsPanel !== null && ['sets', 'prompt', 'confirm'].includes(overlayKind(s) ?? ''),
  );
  // The connections panel stays in view under its drop question.
  const connectionsOpen = useAppState(
    (s) => s.connectionsPanel !== null && ['connections', 'confirm'].includes(overlayKind(s) ?? ''),
  );
  const longest = useAppState((s) => Math.max(5, ...(currentTable(s)?.chains.map((c) => c.name.length) ?? [])));
  // The selected rule's full text, wrapped: the detail grows (up to a quarter of the screen) rather than cut it.
  const detailText = useAppState((s) => {
    const rule = selectedRule(s);
    const chain = currentChain(s);
    return rule && chain ? ruleLine(chain.name, rule, false) : '';
  });
  const detailRows = Math.min(Math.max(2, detailLines(detailText, columns).length), Math.max(2, Math.floor(rows / 4)));
  // A prompt's error is wrapped above the prompt: the status grows by its lines.
  const promptError = useAppState((s) => promptOf(s)?.error ?? null);
  const errorRoom = promptErrorRoom(rows);
  const questionRows = useQuestionRows(columns);
  const statusRows = promptError
    ? Math.max(2, promptErrorLines(promptError, columns, errorRoom).length + 1)
    : questionRows;
  // The chain line wraps (up to 3 rows) rather than lose its end (the rule count, why a rule never matches).
  const chainRows = Math.max(1, chainLineRows(useChainLine(), columns).length);
  const watchRows = watchPanelRows(
    useAppState((s) => s.watch !== null),
    rows,
  );
  const logRows = logPanelRows(
    useAppState((s) => s.logView !== null),
    rows,
  );
  const body = Math.max(3, rows - 1 - statusRows - chainRows - detailRows - watchRows - logRows);
  useAppInput(Math.max(1, body - 2));

  if (status !== 'loaded') {
    return (
      <Box flexDirection="column" height={rows} width={columns}>
        <Text bold color={color('header.title')}>
          fwtui
        </Text>
        <Text color={status === 'failed' ? color('status.error') : undefined}>
          {status === 'failed' ? `Cannot read the firewall: ${error}` : 'Reading the firewall…'}
        </Text>
        {status === 'failed' && <Text color={color('text.muted')}>q quits</Text>}
      </Box>
    );
  }
  const { chains: chainWidth, rules: ruleWidth, compactChains: compact } = paneWidths(columns, longest);
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Header width={columns} intervalMs={intervalMs} />
      {connectionsOpen ? (
        <ConnectionsView width={columns} height={body} />
      ) : setsOpen ? (
        <SetsView width={columns} height={body} />
      ) : overlay === 'hottest' ? (
        <HottestView width={columns} height={body} />
      ) : overlay === 'help' ? (
        <HelpOverlay width={columns} height={body} />
      ) : overlay === 'editor' ? (
        <RuleEditor width={columns} height={body} />
      ) : overlay === 'commit' ? (
        <CommitView width={columns} height={body} />
      ) : overlay === 'saved' ? (
        <SavedView width={columns} height={body} />
      ) : overlay === 'exposure' ? (
        <ExposureView width={columns} height={body} />
      ) : overlay === 'analysis' ? (
        <AnalysisView width={columns} height={body} />
      ) : overlay === 'history' ? (
        <HistoryView width={columns} height={body} intervalMs={intervalMs} />
      ) : (
        <Box height={body} width={columns}>
          <ChainList width={chainWidth} height={body} compact={compact} />
          <Box width={1} height={body} flexDirection="column">
            {Array.from({ length: body }, (_, i) => (
              <Text key={i} color={color('border')}>
                {glyphs.vertical}
              </Text>
            ))}
          </Box>
          <RuleList width={ruleWidth} height={body} />
        </Box>
      )}
      <WatchPanel width={columns} height={watchRows} />
      <LogPanel width={columns} height={logRows} />
      <RuleDetail width={columns} lines={detailRows} chainRows={chainRows} />
      <StatusBar width={columns} maxErrorLines={errorRoom} />
    </Box>
  );
}
