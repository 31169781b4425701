/**
 * `fwtui exposure` as plain text: one row per port and interface (port, interface, verdict, process), its
 * details on indented lines under it, wrapped at spaces to 80 columns and never cut. Pure.
 */
import type { ExposureDecider, ExposureEntry, ExposureReport } from './exposure-entry.js';
import { otherTablesWords } from './nft-tables.js';
import { isWildcard } from './listeners.js';

const WIDTH = 80;
const INDENT = '    ';

/** `filter INPUT rule 3: -A INPUT …` or `the policy of INPUT`. */
export function deciderWords(d: ExposureDecider): string {
  if ('policy' in d) return `the policy of ${d.policy}`;
  if ('routing' in d) return `routing: ${d.routing}`;
  return `${d.table} ${d.chain} rule ${d.num}: ${d.rule}`;
}

/** Words wrapped at spaces to `width`, continuation lines indented further; a word longer than a line stays whole. */
export function wrapWords(text: string, first: string, rest: string, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(' ')) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else line = empty ? line + word : `${line} ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** `tcp/22`, `tcp/80@10.0.0.1`, `udp/53@[::1]`: the bind address when it is not every address. */
function portText(e: ExposureEntry): string {
  const at = e.bind === null || isWildcard(e.bind) ? '' : `@${e.bind.includes(':') ? `[${e.bind}]` : e.bind}`;
  return `${e.proto}/${e.port}${e.last_port ? `-${e.last_port}` : ''}${at}`;
}

const VERDICT_WORDS: Readonly<Record<ExposureEntry['verdict'], string>> = {
  open: 'open',
  'open-from': 'open from',
  filtered: 'filtered',
  'no-listener': 'no listener',
  'local-only': 'local only',
  uncertain: 'uncertain',
};

/** The details of one entry, each a wrapped line under its row. */
function details(e: ExposureEntry): string[] {
  const out: string[] = [];
  const add = (label: string, text: string): void => {
    out.push(...wrapWords(text, `${INDENT}${label} `, `${INDENT}${' '.repeat(label.length + 1)}`));
  };
  if (e.via === 'dnat') add('to', `${e.to ?? '?'} (nat PREROUTING rewrites it)`);
  if (e.verdict === 'open-from' || (e.verdict === 'no-listener' && e.from.length > 0)) add('from', e.from.join(', '));
  if (e.verdict === 'no-listener') add('note', 'accepted, but nothing listens: open the day something does');
  if (e.decided_by) add('by', deciderWords(e.decided_by));
  if (e.reason) add(e.verdict === 'uncertain' ? 'why' : 'note', e.reason);
  return out;
}

/** The report as lines: a header, the rows with their details, then what else the admin must know. */
export function exposureText(report: ExposureReport): string[] {
  const fam = report.family === 'ipv4' ? 'IPv4' : 'IPv6';
  const from = `${report.internet ? `${report.internet}, ` : ''}an internet address no rule names`;
  const lines = wrapWords(`${fam}: a NEW connection from ${from}, per interface`, '', '  ');
  if (report.interfaces.length === 0) lines.push('(no interface other than loopback is up)');
  else if (report.entries.length === 0) lines.push("(no listening socket and no DNAT'd port)");
  else {
    const cols = [
      ['PORT', ...report.entries.map(portText)],
      ['IFACE', ...report.entries.map((e) => e.interface)],
      ['VERDICT', ...report.entries.map((e) => VERDICT_WORDS[e.verdict])],
      ['PROCESS', ...report.entries.map((e) => e.process ?? '-')],
    ];
    const widths = cols.map((c) => Math.max(...c.map((v) => v.length)));
    const row = (i: number): string =>
      cols
        .map((c, k) => (k === cols.length - 1 ? c[i]! : c[i]!.padEnd(widths[k]!)))
        .join('  ')
        .trimEnd();
    lines.push(row(0));
    report.entries.forEach((e, i) => {
      lines.push(row(i + 1), ...details(e));
    });
  }
  const other = otherTablesWords(report.otherTables ?? []);
  if (other) lines.push(...wrapWords(other, 'note: ', '      '));
  for (const w of report.warnings ?? []) lines.push(...wrapWords(w, 'warning: ', '         '));
  return lines;
}
