/**
 * The exposure view's text, pure: one row per entry, the selected entry's detail (the deciding rule whole), the
 * header's warnings, and what each entry will be after the staged edits.
 */
import type {
  ExposureDecider,
  ExposureEntry,
  ExposureReport,
  ExposureVerdict,
} from '../../domain/exposure/exposure-entry.js';
import { otherTablesWords } from '../../domain/exposure/nft-tables.js';

/** A verdict as an admin reads it. */
export const VERDICT_WORDS: Readonly<Record<ExposureVerdict, string>> = {
  open: 'open',
  'open-from': 'open from',
  filtered: 'filtered',
  'no-listener': 'no listener',
  'local-only': 'local only',
  uncertain: 'uncertain',
};

/** "filter DOCKER rule 1", "INPUT policy", "routing", or "" when nothing decided. */
export function deciderShort(d: ExposureDecider | null): string {
  if (!d) return '';
  if ('policy' in d) return `${d.policy} policy`;
  if ('routing' in d) return 'routing';
  return `${d.table} ${d.chain} rule ${d.num}`;
}

/** "-A DOCKER -d 172.17.0.2/32 … (filter DOCKER rule 1)", "the policy of INPUT", "routing: …", or null. */
function deciderWhole(d: ExposureDecider | null): string | null {
  if (!d) return null;
  if ('policy' in d) return `the policy of ${d.policy}`;
  if ('routing' in d) return `routing: ${d.routing}`;
  return `${d.rule} (${deciderShort(d)})`;
}

/** "8080", or "8000-8010" for a DNAT of a range. */
const portText = (e: ExposureEntry): string =>
  e.last_port !== undefined && e.last_port !== e.port ? `${e.port}-${e.last_port}` : String(e.port);

/** "open", "open from 10.0.0.0/8, 192.0.2.0/24". */
export const verdictText = (e: ExposureEntry): string =>
  e.verdict === 'open-from' ? `open from ${e.from.join(', ')}` : VERDICT_WORDS[e.verdict];

/** Where the packet goes: "DNAT to 172.17.0.2:80 (docker-proxy)", "local (sshd)". */
const pathText = (e: ExposureEntry): string => {
  const process = e.process ? ` (${e.process})` : '';
  return e.via === 'dnat' ? `DNAT to ${e.to ?? '?'}${process}` : `local${process}`;
};

/** What the staged edits change for the entry: "→ filtered after your edits", or "" when the verdict stays. */
export function afterText(e: ExposureEntry, after: ExposureEntry | null | undefined): string {
  if (after === undefined) return '';
  if (after === null) return '→ not in the report after your edits';
  return after.verdict === e.verdict && after.from.join() === e.from.join()
    ? ''
    : `→ ${verdictText(after)} after your edits`;
}

/** One row: "tcp/8080   eth0     open  → filtered after your edits · DNAT to 172.17.0.2:80 · filter DOCKER rule 1". */
export function entryRow(e: ExposureEntry, after?: ExposureEntry | null): string {
  const change = afterText(e, after);
  const decided = deciderShort(e.decided_by);
  return [
    `${`${e.proto}/${portText(e)}`.padEnd(10)} ${e.interface.padEnd(8)} ${verdictText(e)}${change && `  ${change}`}`,
    pathText(e),
    decided,
  ]
    .filter((x) => x !== '')
    .join(' · ');
}

/** The selected entry whole: what listens, the verdict, the rule that decides it, and after the edits. */
export function entryDetail(e: ExposureEntry, after?: ExposureEntry | null): string[] {
  const bind = e.bind ? ` (bound to ${e.bind})` : '';
  const lines = [`${e.proto}/${portText(e)} on ${e.interface}${bind}: ${verdictText(e)}, ${pathText(e)}`];
  const decided = deciderWhole(e.decided_by);
  if (decided) lines.push(`decided by ${decided}`);
  if (e.reason) lines.push(e.reason);
  if (after) {
    const by = deciderWhole(after.decided_by);
    lines.push(`after your edits: ${verdictText(after)}${by ? `, decided by ${by}` : ''}`);
  } else if (after === null) lines.push('after your edits: not in the report');
  return lines;
}

/** The lines above the entries: tables iptables does not show, the report's warnings, or why it is empty. */
export function reportNotes(report: ExposureReport): string[] {
  const other = otherTablesWords(report.otherTables ?? []);
  const notes = [...(other ? [other] : []), ...(report.warnings ?? [])];
  if (report.entries.length === 0) notes.push("no listening socket outside loopback and no DNAT'd port was found");
  return notes;
}
