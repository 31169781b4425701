import { Box, Text } from 'ink';
import { useMemo } from 'react';
import type { IpSet } from '../../domain/sets/ip-set.js';
import { userText } from '../../domain/sets/set-users.js';
import { liveSets, openSet, setNames, setStagedState, shownSets, usersOf } from '../../store/set-selectors.js';
import { footer } from '../keys/key-binding.js';
import { fit } from '../format/rule-row.js';
import { memberRow, nameWidth, setFacts, setHeader, setRow } from '../format/set-rows.js';
import { wrapLines, wrapText } from '../format/wrap.js';
import { SET_MEMBERS_KEYS, SET_USERS_KEYS, SETS_KEYS } from './sets-keys.js';
import { useAppState } from '../store-context.js';
import { useTheme } from '../theme/theme-context.js';

const LIST_FOOTER = (): string =>
  footer(SETS_KEYS, [
    { commands: ['open'], text: 'members' },
    { commands: ['search'], text: 'find set' },
    { commands: ['users'], text: 'rules' },
    { commands: ['new'], text: 'new' },
    { commands: ['add'], text: 'add' },
    { commands: ['destroy'], text: 'destroy' },
    { commands: ['close'], text: 'back' },
  ]);
/** `filtered`: a find shows some members; Esc shows them all again before it goes back. */
const MEMBERS_FOOTER = (filtered: boolean): string =>
  footer(SET_MEMBERS_KEYS, [
    { commands: ['search'], text: 'find' },
    { commands: ['add'], text: 'add' },
    { commands: ['remove'], text: 'remove' },
    { commands: ['users'], text: 'rules' },
    { commands: ['pageDown', 'pageUp'], text: 'page' },
    { commands: ['back'], text: filtered ? 'all members' : 'back' },
  ]);
const USERS_FOOTER = (): string =>
  footer(SET_USERS_KEYS, [
    { commands: ['jump'], text: 'go to the rule' },
    { commands: ['back'], text: 'back' },
  ]);

/** The rows of a page: the page holding `cursor`, `rows` tall. */
const pageOf = (cursor: number, rows: number): number => Math.floor(Math.max(0, cursor) / rows) * rows;

/**
 * `s`: the namespace's IP sets (`/` finds a set by name); Enter a set's members (paged, `/` finds members by
 * address, network or text), `r` the rules that use it. Names, members and rule numbers are never cut; a row's
 * trailing flags give way, said whole below.
 */
export function SetsView({ width, height }: { width: number; height: number }) {
  const { color } = useTheme();
  // The whole state (derived lists below are new arrays each time: selecting them would never settle).
  const s = useAppState((x) => x);
  const panel = s.setsPanel;
  const sets = s.sets;
  const shown = shownSets(s);
  const live = liveSets(s);
  const names = setNames(s);
  const target = openSet(s);
  const users = panel?.name ? usersOf(s, panel.name) : [];
  const mark = panel?.name ? setStagedState(s, panel.name) : null;
  const view = panel?.view ?? 'list';
  const selected = panel?.name ? (shown.get(panel.name) ?? live.get(panel.name) ?? null) : null;
  // Members new in the staged copy get a mark: the live set's elements, looked up once per set.
  // Only a set with staged changes has members to mark: an unchanged 100,000-member set opens without this.
  const changed = mark === 'changed';
  const membersOf = view === 'members' && changed ? (target?.name ?? '') : '';
  const liveElems = useMemo(() => new Set(live.get(membersOf)?.members.map((m) => m.elem) ?? []), [live, membersOf]);

  const problem = !sets
    ? panel?.reading
      ? 'Reading the sets…'
      : 'The sets are not read here (a saved file has none; the live firewall does).'
    : sets.byName === null
      ? `The sets could not be read: ${sets.unreadable ?? 'unknown reason'}`
      : null;
  const facts: string[] =
    view === 'list' && selected
      ? wrapText(
          `${setFacts(selected, mark)}. Used by: ${users.length === 0 ? 'no rule' : users.map(userText).join(', ')}`,
          width,
        )
      : [];
  const rows = Math.max(1, height - 2 - facts.length - (view === 'list' ? 1 : 0));
  let title: string;
  let lines: string[];
  let cursor = 0;
  if (view === 'members' && target) {
    const index = panel?.hits ?? null;
    const count = index ? index.length : target.members.length;
    cursor = panel?.member ?? 0;
    const top = pageOf(cursor, rows);
    const at = (i: number) => target.members[index ? index[i]! : i]!;
    lines = Array.from({ length: Math.max(0, Math.min(rows, count - top)) }, (_, k) =>
      memberRow(at(top + k), (changed || mark === 'created') && !liveElems.has(at(top + k).elem), width),
    );
    cursor -= top;
    const found = index ? ` · ${index.length} found for ${panel?.query}` : '';
    const range = count > 0 ? ` (${top + 1}-${top + lines.length} of ${count})` : '';
    title = `Set ${target.name}: ${target.members.length} members${found}${range}`;
  } else if (view === 'users' && selected) {
    // A rule is wrapped, never cut (its end may be what it does); the cursor marks its first line.
    const wrapped = users.map((u) =>
      wrapLines([{ text: `${u.family === 'ipv4' ? 'IPv4' : 'IPv6'} ${userText(u)}: ${u.spec}` }], width).map(
        (l) => l.text,
      ),
    );
    const first = wrapped.slice(0, panel?.user ?? 0).reduce((n, w) => n + w.length, 0);
    const top = pageOf(first, rows);
    lines = wrapped.flat().slice(top, top + rows);
    cursor = first - top;
    title = `Rules using set ${selected.name}: ${users.length}`;
    if (lines.length === 0) lines = ['no rule uses this set'];
  } else {
    const all = names.map((n) => shown.get(n) ?? live.get(n)).filter((x): x is IpSet => x !== undefined);
    const cols = nameWidth(all);
    cursor = Math.max(0, names.indexOf(panel?.name ?? ''));
    const top = pageOf(cursor, rows);
    lines = all.slice(top, top + rows).map((x) => setRow(x, setStagedState(s, x.name), cols, width));
    cursor -= top;
    const none = all.length === 0 && !panel?.reading ? ' (none yet: n creates one)' : '';
    // Said while a read is under way: what is listed may be about to change.
    title = problem ?? `IP sets: ${names.length}${none}${panel?.reading ? ' (reading…)' : ''}`;
    if (!problem) lines = [setHeader(cols, width), ...lines];
    if (!problem) cursor += 1;
  }
  const keys =
    view === 'members' ? MEMBERS_FOOTER(Boolean(panel?.hits)) : view === 'users' ? USERS_FOOTER() : LIST_FOOTER();
  const titleLines = wrapText(title, width);
  const body = lines.slice(0, Math.max(0, height - 1 - titleLines.length - facts.length));
  return (
    <Box flexDirection="column" width={width} height={height}>
      {titleLines.map((t, i) => (
        <Text key={`t${i}`} bold color={problem && view === 'list' ? color('status.error') : color('header.title')}>
          {t}
        </Text>
      ))}
      {body.map((l, i) => (
        <Text key={i} wrap="truncate" inverse={i === cursor && (view !== 'list' || i > 0)}>
          {fit(l, width)}
        </Text>
      ))}
      {Array.from({ length: Math.max(0, height - 1 - titleLines.length - facts.length - body.length) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      {facts.map((f, i) => (
        <Text key={`f${i}`} color={color('text.muted')}>
          {f}
        </Text>
      ))}
      <Text wrap="truncate" color={color('status.key')}>
        {keys}
      </Text>
    </Box>
  );
}
