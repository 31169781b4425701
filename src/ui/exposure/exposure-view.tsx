import { Box, Text } from 'ink';
import { familyLabel } from '../../domain/model/family-label.js';
import { exposureAfterEdits, sameEntry } from '../../store/exposure-slice.js';
import { fit } from '../format/rule-row.js';
import { windowStart } from '../format/window.js';
import { wrapText } from '../format/wrap.js';
import { useAppState } from '../store-context.js';
import { useTheme } from '../theme/theme-context.js';
import { exposureFooter } from './exposure-keys.js';
import { entryDetail, entryRow, reportNotes } from './exposure-lines.js';

/**
 * `E`: what the internet can reach on this host, one row per port and interface (verdict, where DNAT sends it, the
 * rule that decides); the selected entry whole below, with what it will be after the staged edits. Rows may be cut
 * (marked …); the detail and the notes are wrapped, never cut.
 */
export function ExposureView({ width, height }: { width: number; height: number }) {
  const { color } = useTheme();
  const view = useAppState((s) => s.exposure);
  const after = useAppState(exposureAfterEdits);
  const report = view?.answer?.report ?? null;
  const staged = after !== null;
  const title = report
    ? `What the internet can reach: ${familyLabel(report.family)}` +
      (report.interfaces.length > 0 ? ` on ${report.interfaces.join(', ')}` : '') +
      (staged ? ' (→ after your edits, not yet applied)' : '')
    : view?.reading
      ? 'What the internet can reach: reading listeners, interfaces and rules…'
      : `What the internet can reach: ${view?.error ?? 'not known'}`;
  const titleLines = wrapText(title, width);
  const notes = report ? reportNotes(report).flatMap((n) => wrapText(n, width)) : [];
  const entries = report?.entries ?? [];
  const selected = view?.selected ?? 0;
  const current = entries[selected];
  const afterOf = (i: number) => (staged ? sameEntry(after, entries[i]!) : undefined);
  const detail = current ? entryDetail(current, afterOf(selected)).flatMap((l) => wrapText(l, width)) : [];
  const room = Math.max(1, height - 1 - titleLines.length - notes.length - detail.length);
  const top = windowStart(0, selected, room, entries.length);
  const rows = entries.slice(top, top + room).map((e, k) => entryRow(e, afterOf(top + k)));
  return (
    <Box flexDirection="column" width={width} height={height}>
      {titleLines.map((t, i) => (
        <Text key={`t${i}`} bold color={view?.error ? color('status.error') : color('header.title')}>
          {t}
        </Text>
      ))}
      {notes.map((n, i) => (
        <Text key={`n${i}`} color={color('status.notice')}>
          {n}
        </Text>
      ))}
      {rows.map((r, i) => (
        <Text key={`r${i}`} wrap="truncate" inverse={top + i === selected}>
          {fit(r, width)}
        </Text>
      ))}
      {Array.from({ length: Math.max(0, room - rows.length) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      {detail.map((d, i) => (
        <Text key={`d${i}`} color={color('text.muted')}>
          {d}
        </Text>
      ))}
      <Text wrap="truncate" color={color('status.key')}>
        {exposureFooter()}
      </Text>
    </Box>
  );
}
