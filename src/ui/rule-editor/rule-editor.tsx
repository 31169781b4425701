import { Box, Text } from 'ink';
import { ownedChainWarning } from '../../domain/model/chain-owners.js';
import { FIELD_LABELS, visibleFields } from '../../domain/edit/rule-form.js';
import { editorSpec, editorWarnings } from '../../store/editor-model.js';
import { editorRules } from '../../store/editor-staging.js';
import { editorOf } from '../../store/selectors.js';
import { detailLines } from '../format/detail-lines.js';
import { tail } from '../format/text-tail.js';
import { fit } from '../format/rule-row.js';
import { wrapText } from '../format/wrap.js';
import { windowStart } from '../format/window.js';
import { useAppState } from '../store-context.js';
import { useTheme } from '../theme/theme-context.js';
import { useRef } from 'react';
import { editorFooter, editorKey } from '../keys/footers.js';
import { familyLabel } from '../../domain/model/family-label.js';

const LABEL_WIDTH = 18;

/** The first completions after their key, `…` when there are more. */
function completionLine(key: string, completions: readonly string[]): string {
  return `${key}: ${completions.slice(0, 12).join(' ')}${completions.length > 12 ? ' …' : ''}`;
}

/**
 * The rule editor in the body area: the form's fields (or one raw line), the
 * rule as it will be staged, and every check's verdict in plain words.
 */
export function RuleEditor({ width, height }: { width: number; height: number }) {
  const { color } = useTheme();
  const e = useAppState(editorOf);
  const top = useRef(0);
  if (!e) return null;
  const what = e.purpose.kind === 'insert' ? `New rule ${e.purpose.at + 1}` : `Edit rule ${e.purpose.at + 1}`;
  const modeWord =
    e.mode === 'form' ? `form (${editorKey('mode')}: raw arguments)` : `raw arguments (${editorKey('mode')}: form)`;
  const title = `${what} in ${e.table} ${e.chain} (${familyLabel(e.family)}) · ${modeWord}`;
  const enter = editorKey('stage');
  const stages = `${enter} stages it`;
  const spec = editorSpec(e);
  const rules = spec === null ? [] : editorRules(e, spec);
  const ruleLines = rules.length > 1 ? expansionLines(e.chain, rules) : [`-A ${e.chain} ${spec ?? '(cannot be read)'}`];
  const verdict =
    e.problems.length > 0
      ? null
      : e.kernel.state === 'checking'
        ? { text: 'iptables is checking…', token: 'text.muted' as const }
        : e.kernel.state === 'ok'
          ? { text: `✓ iptables accepts this rule · ${stages}`, token: 'target.accept' as const }
          : e.kernel.state === 'refused'
            ? { text: `✗ iptables: ${e.kernel.message}`, token: 'status.error' as const }
            : {
                text: `not checked by iptables${e.kernel.message ? `: ${e.kernel.message}` : ''} · ${stages}`,
                token: 'status.notice' as const,
              };
  // A rule that matches every packet: Enter asks once (the caution) before it stages.
  const enterNow = e.cautionSeen === e.kernel.spec ? `${enter} again stages it` : `${enter} asks first`;
  const caution =
    e.caution && e.problems.length === 0
      ? { text: `! ${e.caution}; ${enterNow}`, token: 'status.notice' as const }
      : null;
  const owned = ownedChainWarning(e.chain);
  const messages = [
    ...(owned ? [{ text: `! ${owned}`, token: 'status.notice' as const }] : []),
    ...editorWarnings(e).map((w) => ({ text: `! ${w}`, token: 'status.notice' as const })),
    ...e.problems.map((p) => ({ text: `✗ ${p}`, token: 'status.error' as const })),
    ...(verdict ? [caution ? { ...verdict, text: verdict.text.replace(` · ${stages}`, '') } : verdict] : []),
    ...(caution ? [caution] : []),
    ...(e.completions.length > 0
      ? [{ text: completionLine(editorKey('complete'), e.completions), token: 'status.key' as const }]
      : []),
  ];
  const footer = editorFooter();
  // The rule to stage and every message wrap rather than lose their end (the rule exactly, like the detail line).
  const ruleRows = ruleLines.flatMap((line, i) => detailLines(line, width).map((text) => ({ text, i })));
  const messageRows = messages.flatMap((m) => wrapText(m.text, width).map((text) => ({ ...m, text })));
  // Title, rule, messages and footer are fixed; the fields scroll.
  const room = Math.max(1, height - 2 - ruleRows.length - messageRows.length);
  const fields = visibleFields(e.form);
  const field = Math.min(e.field, fields.length - 1);
  top.current = windowStart(top.current, field, room, fields.length);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" bold color={color('header.title')}>
        {fit(title, width)}
      </Text>
      {e.mode === 'raw' ? (
        <Text
          wrap="truncate"
          color={color('row.selected.fg')}
          backgroundColor={color('row.selected.bg')}
          inverse={!color('row.selected.bg')}
        >
          {e.rawSelected ? `${fit(e.raw, width - 1).trimEnd()}▏` : tail(`${e.raw}▏`, width)}
        </Text>
      ) : (
        fields.slice(top.current, top.current + room).map((id, i) => {
          const on = top.current + i === field;
          const value = e.form[id];
          const hint =
            id === 'target' ? `   (${e.form.goto ? '-g goto' : '-j jump'}; ${editorKey('goto')} switches)` : '';
          // What is typed keeps its end and the cursor in view; the hint gives its room first.
          const extra = [...value].length + 1 + hint.length <= width - LABEL_WIDTH ? hint : '';
          return (
            <Text key={id} wrap="truncate" bold={on}>
              <Text color={on ? color('status.key') : color('text.muted')}>
                {fit(`${on ? '>' : ' '} ${FIELD_LABELS[id]}`, LABEL_WIDTH)}
              </Text>
              {on ? tail(`${value}▏`, width - LABEL_WIDTH) : value}
              <Text color={color('text.muted')}>{on ? extra : ''}</Text>
            </Text>
          );
        })
      )}
      {ruleRows.map(({ text, i }, k) => (
        <Text
          key={`r${k}`}
          wrap="truncate"
          color={color(i === 0 || rules.length === 1 ? 'text.muted' : 'staged.added')}
        >
          {text}
        </Text>
      ))}
      {messageRows.map((m, i) => (
        <Text key={i} wrap="truncate" color={color(m.token)}>
          {m.text}
        </Text>
      ))}
      <Box flexGrow={1} />
      <Text wrap="truncate" color={color('status.key')}>
        {fit(footer, width)}
      </Text>
    </Box>
  );
}

/** At most this many of the rules an address list makes are listed (the rest are counted). */
const MAX_EXPANDED = 4;

/** The rules iptables makes from address lists, as the editor lists them before staging. */
function expansionLines(chain: string, rules: readonly string[]): string[] {
  const shown = rules.slice(0, MAX_EXPANDED).map((r) => `  -A ${chain} ${r}`);
  const more = rules.length > MAX_EXPANDED ? [`  … and ${rules.length - MAX_EXPANDED} more`] : [];
  const head =
    `iptables makes ${rules.length} rules, one per address; ` + `${editorKey('stage')} stages them in this order:`;
  return [head, ...shown, ...more];
}
