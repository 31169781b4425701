import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { fit } from '../format/rule-row.js';
import { wrapLines } from '../format/wrap.js';
import { useAppState } from '../store-context.js';
import type { Token } from '../theme/theme-tokens.js';
import { useTheme } from '../theme/theme-context.js';
import { savedFooter } from '../keys/footers.js';
import { savedSubject } from '../../domain/model/family-label.js';

const TOKEN: Record<string, Token> = {
  '-': 'diff.remove',
  '+': 'diff.add',
  '@': 'diff.hunk',
  file: 'text.muted',
  problem: 'status.error',
};

/** D: how the running rules differ from the boot files (counters ignored); S saves, Esc goes back. */
export function SavedView({ width, height }: { width: number; height: number }) {
  const { color } = useTheme();
  const boot = useAppState((s) => s.boot);
  const all = useMemo(
    () => [
      ...(boot?.warnings ?? []).map((w) => ({ kind: 'problem', text: `warning: ${w}` })),
      ...(boot?.diffs ?? []).flatMap((d) => [
        ...(d.problem
          ? [{ kind: 'problem', text: `${d.path} would not load at boot: ${d.problem} (S writes a good one)` }]
          : []),
        ...(d.refused ? [{ kind: 'problem', text: `not compared: ${d.refused}` }] : []),
        ...(d.missing
          ? [
              {
                kind: 'file',
                text: `nothing is saved at ${d.path} yet (S saves the running ${savedSubject(d.family)} there)`,
              },
            ]
          : []),
        ...(d.missing || d.refused
          ? []
          : [{ kind: 'file', text: `--- ${d.path} (saved)   +++ running ${savedSubject(d.family)}` }]),
        ...d.lines.map((l) => ({
          kind: l.kind === ' ' ? 'same' : l.kind,
          text: l.kind === '@' ? l.text : `${l.kind}${l.text}`,
        })),
      ]),
    ],
    [boot?.diffs, boot?.warnings],
  );
  // Wrapped, never cut: a saved rule or a load problem is read whole.
  const lines = useMemo(() => wrapLines(all, width), [all, width]);
  const rows = Math.max(1, height - 2);
  const top = Math.min(boot?.scroll ?? 0, Math.max(0, lines.length - rows));
  const title =
    boot?.diffs === null
      ? 'Comparing the running rules with the boot files…'
      : (boot?.diffs ?? []).length === 0
        ? `The running rules match ${boot?.target}`
        : `Running vs saved for boot: ${boot?.target}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" bold color={color('header.title')}>
        {fit(title, width)}
      </Text>
      {lines.slice(top, top + rows).map((l, i) => (
        <Text key={top + i} wrap="truncate" color={TOKEN[l.kind] ? color(TOKEN[l.kind]!) : undefined}>
          {l.text || ' '}
        </Text>
      ))}
      {Array.from({ length: Math.max(0, rows - (lines.length - top)) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      <Text wrap="truncate" color={color('status.key')}>
        {boot?.saving ? 'Saving…' : savedFooter()}
      </Text>
    </Box>
  );
}
