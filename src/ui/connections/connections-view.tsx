import { Box, Text } from 'ink';
import type { ConnectionsPanel } from '../../store/connections-slice.js';
import { panelMatch, panelRows, type PanelMatch } from '../../store/connection-selectors.js';
import { connectionLine, CONNECTION_HEADER, NOTHING_TRACKED } from '../../domain/listing/connection-lines.js';
import { wrapLines, wrapText } from '../format/wrap.js';
import { wrappedPage } from '../format/wrapped-page.js';
import { footer } from '../keys/key-binding.js';
import { useAppState } from '../store-context.js';
import { useTheme } from '../theme/theme-context.js';
import { CONNECTIONS_KEYS } from './connections-keys.js';

const FOOTER = (): string =>
  footer(CONNECTIONS_KEYS, [
    { commands: ['drop'], text: 'drop (asks)' },
    { commands: ['refresh'], text: 'read again' },
    { commands: ['pageDown', 'pageUp'], text: 'page' },
    { commands: ['close'], text: 'back' },
  ]);

/** The panel's heading: what it lists for which rule, and how many. */
function titleOf(p: ConnectionsPanel, m: PanelMatch | null): string {
  const rule = p.rule;
  const about = rule ? `${rule.table} ${rule.chain} rule ${rule.number}: ${rule.spec}` : 'every connection';
  const via = p.read?.ok ? (p.read.via === 'proc' ? ', from /proc/net/nf_conntrack' : ', conntrack -L') : '';
  const reading = p.reading ? ' (reading…)' : '';
  if (!m) return `Connections through ${about}${reading}`;
  if (m.all) return `Connections (${m.list.length} tracked${via})${reading}`;
  const family = rule?.family === 'ipv6' ? 'IPv6' : 'IPv4';
  const counts = `${m.through.length} through it, ${m.maybe.length} maybe, ${m.others} other ${family}${via}`;
  return `Connections through ${about} (${counts})${reading}`;
}

/** What to say instead of rows: the read failed, nothing is tracked, or nothing matches. */
function emptyWords(p: ConnectionsPanel, m: PanelMatch | null): string | null {
  if (!p.read) return p.reading ? 'Reading the connections…' : null;
  if (!p.read.ok) return `The connections could not be read: ${p.read.why}`;
  if (p.read.entries.length === 0) return NOTHING_TRACKED;
  if (m && !m.all && m.through.length + m.maybe.length === 0) return 'No tracked connection matches this rule.';
  return null;
}

/**
 * `C`: the tracked connections the selected rule's matches hold for (proto, state, source → destination,
 * timeout), then those it may hold for with why; `x` drops the one under the cursor after asking.
 */
export function ConnectionsView({ width, height }: { width: number; height: number }) {
  const { color } = useTheme();
  const s = useAppState((x) => x);
  const p = s.connectionsPanel;
  if (!p) return null;
  const match = panelMatch(s);
  const rows = panelRows(s);
  const titleLines = wrapText(titleOf(p, match), width);
  const note = p.read?.ok && p.read.note ? wrapText(p.read.note, width) : [];
  const empty = emptyWords(p, match);
  const room = Math.max(1, height - titleLines.length - note.length - 2);
  // A row is wrapped, never cut (its addresses and ports are what it says); the cursor marks its first line.
  const wrapped = rows.map((r) => wrapLines([{ text: connectionLine(r.entry, r.why) }], width).map((l) => l.text));
  const { lines, cursorLines } = wrappedPage(wrapped, p.cursor, room, empty, width);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {titleLines.map((t, i) => (
        <Text key={`t${i}`} bold color={color('header.title')}>
          {t}
        </Text>
      ))}
      <Text color={color('text.muted')}>{empty ? ' ' : CONNECTION_HEADER}</Text>
      {lines.slice(0, room).map((l, i) => (
        <Text
          key={i}
          inverse={cursorLines.has(i)}
          color={empty && !p.read?.ok && p.read ? color('status.error') : undefined}
        >
          {l}
        </Text>
      ))}
      {Array.from({ length: Math.max(0, room - lines.length) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      {note.map((n, i) => (
        <Text key={`n${i}`} color={color('text.muted')}>
          {n}
        </Text>
      ))}
      <Text wrap="truncate" color={color('status.key')}>
        {FOOTER()}
      </Text>
    </Box>
  );
}
