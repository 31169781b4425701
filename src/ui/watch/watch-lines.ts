/** The watch panel's lines (W) and the rule list's marks for it, pure: tested without Ink. */
import type { WatchView } from '../../store/watch-slice.js';
import { stepPlace } from '../../domain/analysis/watch-compare.js';
import { packetLine } from '../../domain/text/watch-lines.js';

/** The indexes (0-based) of the rules of `table`/`chain` a watched packet hit. */
export function watchedIndexes(hits: readonly string[] | null, table: string, chain: string | undefined): number[] {
  if (!hits || chain === undefined) return [];
  const prefix = `${table} ${chain} `;
  return hits.filter((h) => h.startsWith(prefix)).map((h) => Number(h.slice(prefix.length)));
}

/** The panel: a title, then the newest packets, each as one line: packet, its way, its fate (and a difference). */
export function watchPanelLines(w: WatchView, rows: number): string[] {
  const state = w.running ? 'running (W stops)' : 'ended (W closes)';
  const groups = w.packets.map((r) => {
    const way = r.packet.steps
      .filter((s) => s.kind !== 'policy' || s.verdict !== 'ACCEPT' || s.table === 'filter')
      .map((s) => `${stepPlace(s)} ${s.target ? `${s.verdict} ${s.target}` : s.verdict}`)
      .join(' > ');
    // The fate first: a narrow terminal cuts the way, not the answer.
    const at = r.outcome.at ? ` at ${stepPlace(r.outcome.at)}` : '';
    const main = `${r.number}. => ${r.outcome.verdict ?? '?'}${at} · ${packetLine(r.packet)} · ${way}`;
    return r.prediction === 'differs' ? [main, `   !! ${r.note}`] : [main];
  });
  // Whole packets, newest last, as many as the rows below the title hold: the title counts those.
  let room = rows - 1;
  let first = groups.length;
  while (first > 0 && groups[first - 1]!.length <= room) room -= groups[--first]!.length;
  const fit = groups.length - first;
  const shown = fit < groups.length ? `${fit} of ${groups.length} shown, the newest` : `${fit} shown`;
  return [`watch ${w.filter}: ${state} · ${shown}`, ...groups.slice(first).flat()];
}
