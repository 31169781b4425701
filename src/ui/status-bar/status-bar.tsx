import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { DropAdvice } from '../../domain/analysis/ssh-fix.js';
import { CountdownBar } from '../commit-view/countdown-bar.js';
import { modeHints } from '../keys/key-binding.js';
import { LIST_KEYS, statusHints } from '../keys/keymap.js';
import { activeMode } from '../keys/modes.js';
import { fit } from '../format/rule-row.js';
import { confirmOf, overlayKind, policyAdviceOf, promptOf } from '../../store/selectors.js';
import { promptErrorLines, promptInput } from '../format/prompt-lines.js';
import { wrapText } from '../format/wrap.js';
import { hintLine } from '../format/hint-line.js';
import { useAppState } from '../store-context.js';
import { useTheme } from '../theme/theme-context.js';
import { confirmKeys } from './confirm-keys.js';
import { logKey, policyFooter, promptFooter, searchFooter } from '../keys/footers.js';

/** A message that fits, or its start marked as cut with where the rest is: never a silent cut. */
function whole(message: string, width: number): string {
  const more = ` [${logKey()}: whole message]`;
  return [...message].length <= width ? message : `${fit(message, Math.max(1, width - more.length))}${more}`;
}

/** The policy keys; when DROP would cut off new SSH (the warning is on line 1), the fix comes first as one key. */
function policyPrompt(chain: string, advice: DropAdvice | null): string {
  if (!advice) return `Policy of ${chain}: ${policyFooter(null)} (staged until you commit)`;
  const accepts = advice.inserts.length > 1 ? 'ESTABLISHED+SSH' : 'SSH';
  return `${chain}: ${policyFooter({ fix: advice.inserts.length > 0 ? accepts : null })}`;
}

/** A question with its keys first, in rows of the screen's width. */
function questionRows(keys: string, question: string, width: number): string[] {
  return wrapText(`[${keys}] ${question}`, width);
}

/** The keys of the open question that apply now (Y keep only while a commit is pending), or ''. */
const useQuestionKeys = (): string =>
  useAppState((s) => {
    const confirm = confirmOf(s);
    return confirm ? confirmKeys(confirm.action, s) : '';
  });

/** The status bar's rows while a question is open: 2, or more when it needs them whole (the hint at its end). */
export function useQuestionRows(width: number): number {
  const confirm = useAppState(confirmOf);
  const keys = useQuestionKeys();
  return confirm ? Math.max(2, questionRows(keys, confirm.question, width).length) : 2;
}

/**
 * Line 1: the error or notice of the moment. Line 2: the prompt, or the keys
 * that apply now. A prompt's error takes the lines above the prompt, as many
 * as it needs up to `maxErrorLines` (statusRows says how many in all); a
 * question takes the rows it needs (useQuestionRows).
 */
export function StatusBar({ width, maxErrorLines = 1 }: { width: number; maxErrorLines?: number }) {
  const { color } = useTheme();
  const error = useAppState((s) => s.error);
  const notice = useAppState((s) => s.notice);
  const overlay = useAppState(overlayKind);
  const searchOpen = useAppState((s) => s.searchOpen);
  const query = useAppState((s) => s.query);
  const confirm = useAppState(confirmOf);
  const ask = useAppState(promptOf);
  const chain = useAppState((s) => `${s.table} ${s.chain}`);
  // The keys of the mode that has the keyboard: another mode never shows the rule list's (they do nothing there);
  // one without hints of its own leaves the line to its view's footer.
  const hints = useAppState((s) => {
    const mode = activeMode(s);
    if (mode !== LIST_KEYS) return modeHints(mode, s).join('\n');
    return statusHints(s)
      .map((b) => `${b.label} ${b.short ?? b.description}`)
      .join('\n');
  });
  const pending = useAppState((s) => s.pending !== null);
  const advice = useAppState(policyAdviceOf);
  const questionKeys = useQuestionKeys();
  let prompt: ReactNode;
  if (pending && overlay !== 'confirm' && overlay !== 'prompt' && !searchOpen) prompt = <CountdownBar />;
  else if (searchOpen)
    prompt = <Text wrap="truncate" color={color('status.key')}>{`/${query}▏ ${searchFooter()}`}</Text>;
  else if (overlay === 'confirm' && confirm) {
    // The keys first, then the question wrapped over as many rows as it needs (App gives them: see
    // useQuestionRows): a long question must not push the keys off screen, nor lose the hint at its end.
    const keys = `[${questionKeys}]`;
    const rows = questionRows(questionKeys, confirm.question, width);
    return (
      <Box flexDirection="column" width={width} height={Math.max(2, rows.length)}>
        {rows.map((row, i) => (
          <Text key={i} wrap="truncate" color={color('status.notice')}>
            {i === 0 && row.startsWith(keys) ? (
              <>
                <Text bold>{keys}</Text>
                {row.slice(keys.length)}
              </>
            ) : (
              row || ' '
            )}
          </Text>
        ))}
      </Box>
    );
  } else if (overlay === 'prompt' && ask) {
    const input = promptInput(ask.label, promptText(ask.value), width, ask.selected);
    prompt = (
      <Text wrap="truncate">
        <Text color={color('status.notice')}>{`${input.label} `}</Text>
        {/* A prefilled answer shows selected (inverse): the first typed key replaces it. */}
        <Text inverse={ask.selected === true}>{input.value}</Text>▏
        <Text color={color('text.muted')}>{ask.error ? '' : `  ${promptFooter()}`}</Text>
      </Text>
    );
    // The error above the prompt, wrapped whole (the view made room for it): never cut at the screen's edge.
    if (ask.error) {
      const lines = promptErrorLines(ask.error, width, maxErrorLines);
      return (
        <Box flexDirection="column" width={width} height={Math.max(2, lines.length + 1)}>
          {lines.map((line, i) => (
            <Text key={i} wrap="truncate" color={color('status.error')}>
              {line}
            </Text>
          ))}
          {prompt}
        </Box>
      );
    }
  } else if (overlay === 'policy') {
    prompt = (
      <Text wrap="truncate" color={color('status.notice')}>
        {policyPrompt(chain, advice)}
      </Text>
    );
  } else
    prompt = (
      <Text wrap="truncate" color={color('text.muted')}>
        {hintLine(hints.split('\n'), width)}
      </Text>
    );
  return (
    <Box flexDirection="column" width={width} height={2}>
      <Text wrap="truncate" color={error ? color('status.error') : color('status.notice')}>
        {whole(error ? `error: ${error}` : (notice ?? ' '), width)}
      </Text>
      {prompt}
    </Box>
  );
}

/** A prompt's value on one line: pasted command lines show as their count and the last line. */
function promptText(value: string): string {
  const lines = value.split('\n');
  const last = lines[lines.length - 1]!;
  const full = lines.filter((l) => l.trim() !== '').length;
  return lines.length > 1 ? `[${full} line${full === 1 ? '' : 's'}; Enter stages them] ${last}` : value;
}
