/** The selected rule's log lines (l): what the panel shows for a LOG or NFLOG rule, derived from the state. */
import {
  logRulesByKey,
  logSignature,
  signatureKey,
  signatureWarning,
  type LogRulePlace,
  type LogSignature,
} from '../domain/analysis/log-rules.js';
import type { LogHit } from '../domain/text/log-hit.js';
import type { AppState } from './app-state.js';
import { RATE_WINDOW_MS } from './log-hits-slice.js';
import { currentView, selectedRule } from './selectors.js';

/** What the panel says about the selected rule. */
export type SelectedLogLines =
  | { readonly kind: 'not-a-log-rule' }
  | {
      readonly kind: 'log-rule';
      readonly signature: LogSignature;
      /** Its lines cannot be told apart from another rule's (no prefix, shared prefix), else null. */
      readonly warning: string | null;
      /** Why no line of this rule can be shown (nothing written, not read, the reader ended), else null. */
      readonly unreadable: string | null;
      /** Its last lines, newest last. */
      readonly hits: readonly LogHit[];
      /** Its hits in the last minute. */
      readonly lastMinute: number;
    };

/** Per read of the tables: the LOG and NFLOG rules by signature (one walk per read, not per frame). */
const byKeyCache = new WeakMap<object, Map<string, LogRulePlace[]>>();

/** The panel's facts for the selected rule, at `now`; null when the panel is closed. */
export function selectedLogLines(s: AppState, now: number): SelectedLogLines | null {
  const v = s.logView;
  if (!v) return null;
  const rule = selectedRule(s);
  const signature = rule ? logSignature(rule, s.family) : null;
  if (!signature) return { kind: 'not-a-log-rule' };
  const view = currentView(s);
  let byKey = view ? byKeyCache.get(view.tables) : undefined;
  if (view && !byKey) {
    byKey = logRulesByKey(s.family, view.tables);
    byKeyCache.set(view.tables, byKey);
  }
  const key = signatureKey(signature);
  const warning = signatureWarning(signature, key === null ? [] : (byKey?.get(key) ?? []));
  const hits = key === null ? [] : (v.hits[key] ?? []);
  const lastMinute = key === null ? 0 : (v.recent[key] ?? []).filter((t) => t >= now - RATE_WINDOW_MS).length;
  return { kind: 'log-rule', signature, warning, unreadable: unreadableWhy(v, signature, key), hits, lastMinute };
}

/** The way back after a reader ended: l twice starts it again (not for a program that is not installed). */
const againWords = (end: string): string => (/ is not installed here/.test(end) ? '' : '; l twice reads again');

/** Why the panel cannot show this rule's lines, or null. */
function unreadableWhy(v: NonNullable<AppState['logView']>, sig: LogSignature, key: string | null): string | null {
  if (!v.running && v.ended.length === 0) return v.kernelLogSilent ?? null;
  if (sig.kind === 'LOG') {
    if (v.kernelLogSilent) return v.kernelLogSilent;
    if (key === null) return null;
    const end = v.ended.find((e) => e.startsWith('kernel log:'));
    if (end) return `the kernel log is no longer read (${end})${againWords(end)}`;
    return v.kernelLog ? null : 'the kernel log is not read (no LOG rule when l was pressed: l twice reads again)';
  }
  const group = `NFLOG group ${sig.group}`;
  const end = v.ended.find((e) => e.startsWith(`${group}:`));
  if (end) return `${group} is not read: ${end.slice(group.length + 2)}${againWords(end)}`;
  return v.nflogGroups.includes(sig.group ?? -1)
    ? null
    : `${group} is not read (not in the rules when l was pressed: l twice reads again)`;
}
