/** The connections panel's rows: the connections the panel's rule holds for, then those it may hold for. */
import { connectionsThrough, type RuleConnections } from '../domain/analysis/connection-match.js';
import { parseRuleView } from '../domain/model/rule-view.js';
import type { ConnEntry } from '../domain/text/conntrack-entries.js';
import type { AppState } from './app-state.js';
import type { ConnectionsPanel } from './connections-slice.js';

/** One listed connection; `why` says why it is only a maybe (null: certain, or no rule to ask). */
export interface ConnectionRow {
  readonly entry: ConnEntry;
  readonly why: string | null;
}

/** The panel's connections sorted out for its rule (null: nothing read yet, or the read failed). */
export type PanelMatch =
  | (RuleConnections & { readonly all: false })
  | { readonly all: true; readonly list: readonly ConnEntry[] };

// Keyed on the panel object: a read or a cursor move makes a new one, so at worst one match per keypress.
const cache = new WeakMap<ConnectionsPanel, PanelMatch | null>();

/** The panel's connections for its rule (every connection when it has none). */
export function panelMatch(s: Pick<AppState, 'connectionsPanel' | 'sets' | 'localAddresses'>): PanelMatch | null {
  const p = s.connectionsPanel;
  if (!p) return null;
  const known = cache.get(p);
  if (known !== undefined) return known;
  let match: PanelMatch | null = null;
  if (p.read?.ok) {
    const { entries } = p.read;
    match = p.rule
      ? {
          all: false,
          ...connectionsThrough(parseRuleView(p.rule.args), p.rule, entries, {
            ...(s.sets ? { sets: s.sets } : {}),
            ...(s.localAddresses ? { locals: s.localAddresses } : {}),
          }),
        }
      : { all: true, list: entries };
  }
  cache.set(p, match);
  return match;
}

/** Established connections before those closing or half-open (TIME_WAIT, SYN_SENT…): who is connected now. */
function byState(rows: ConnectionRow[]): ConnectionRow[] {
  const rank = (r: ConnectionRow): number => (r.entry.state === 'ESTABLISHED' || r.entry.state === null ? 0 : 1);
  const ranked = rows.map((r, i) => ({ r, i }));
  ranked.sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i);
  return ranked.map(({ r }) => r);
}

/** The rows under the cursor keys: certain connections first, then the maybes; established ones first in each. */
export function panelRows(s: Pick<AppState, 'connectionsPanel' | 'sets' | 'localAddresses'>): ConnectionRow[] {
  const m = panelMatch(s);
  if (!m) return [];
  if (m.all) return byState(m.list.map((entry) => ({ entry, why: null })));
  return [
    ...byState(m.through.map((entry) => ({ entry, why: null }))),
    ...byState(m.maybe.map(({ entry, why }) => ({ entry, why }))),
  ];
}
