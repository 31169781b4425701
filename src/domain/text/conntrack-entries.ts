/**
 * The kernel's connection tracking table as text → entries: `conntrack -L -o extended` lines and
 * `/proc/net/nf_conntrack` lines (the same layout, with the family first), and plain `conntrack -L` lines
 * (without it). A line fwtui cannot read is counted, never guessed at. Pure.
 */
import type { Family } from '../model/ruleset.js';

/** One direction of a connection: who sends to whom (ports, or the ICMP type, code and id). */
export interface ConnTuple {
  readonly source: string;
  readonly destination: string;
  /** null for a protocol without ports (icmp, gre). */
  readonly sourcePort: number | null;
  readonly destinationPort: number | null;
  /** ICMP (and ICMPv6) only: the type, code and id conntrack keeps. */
  readonly icmp?: { readonly type: number; readonly code: number; readonly id: number };
}

/** One tracked connection. */
export interface ConnEntry {
  readonly family: Family;
  /** `tcp`, `udp`, `icmp`, … as conntrack names it (`unknown` for a protocol it has no name for). */
  readonly protocol: string;
  readonly protocolNumber: number;
  /** Seconds until the entry expires (null when the line has none). */
  readonly timeout: number | null;
  /** The protocol's own state (tcp: ESTABLISHED, TIME_WAIT, …); null for a protocol without (udp, icmp). */
  readonly state: string | null;
  /** As the first packet went: the tuple filter rules see before any address translation. */
  readonly original: ConnTuple;
  /** As the replies come back (null when the line had none). */
  readonly reply: ConnTuple | null;
  /** Seen traffic both ways long enough that the kernel keeps it under pressure. */
  readonly assured: boolean;
  /** No reply seen yet. */
  readonly unreplied: boolean;
  /** The connection's mark (`mark=`), null when not printed. */
  readonly mark: number | null;
  /** The conntrack zone (`zone=`), null when not printed (zone 0). */
  readonly zone: number | null;
  /** The line as read. */
  readonly raw: string;
}

/** What a read of the table gave: the entries, and the lines that were not entries fwtui can read. */
export interface ConntrackTable {
  readonly entries: readonly ConnEntry[];
  readonly unreadable: readonly string[];
}

const FAMILIES: Readonly<Record<string, Family>> = { ipv4: 'ipv4', ipv6: 'ipv6' };

/** `src=a dst=b sport=1 dport=2` (or type/code/id) starting at word `at`; how many words it took. */
function tupleAt(words: readonly string[], at: number): { tuple: ConnTuple; next: number } | null {
  const fields = new Map<string, string>();
  let i = at;
  for (; i < words.length; i++) {
    const m = /^(src|dst|sport|dport|type|code|id)=(.*)$/.exec(words[i]!);
    // A second src= starts the reply tuple.
    if (!m || (m[1] === 'src' && fields.has('src'))) break;
    fields.set(m[1]!, m[2]!);
  }
  const source = fields.get('src');
  const destination = fields.get('dst');
  if (source === undefined || destination === undefined) return null;
  const num = (key: string): number | null => {
    const v = fields.get(key);
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
  };
  const [type, code, id] = [num('type'), num('code'), num('id')];
  const icmp = type !== null && code !== null && id !== null ? { icmp: { type, code, id } } : {};
  return {
    tuple: { source, destination, sourcePort: num('sport'), destinationPort: num('dport'), ...icmp },
    next: i,
  };
}

/** One line → an entry; null when it is not one (the summary conntrack prints, a line of another layout). */
export function parseConntrackLine(line: string): ConnEntry | null {
  const words = line.trim().split(/\s+/);
  let i = 0;
  let family: Family | null = null;
  if (FAMILIES[words[0] ?? ''] && /^\d+$/.test(words[1] ?? '')) {
    family = FAMILIES[words[0]!]!;
    i = 2;
  }
  const protocol = words[i];
  const number = words[i + 1];
  if (!protocol || !number || !/^\d+$/.test(number) || !/^[a-z][\w-]*$/.test(protocol)) return null;
  i += 2;
  const timeout = /^\d+$/.test(words[i] ?? '') ? Number(words[i++]) : null;
  const state = /^[A-Z][A-Z_]*$/.test(words[i] ?? '') ? words[i++]! : null;
  const original = tupleAt(words, i);
  if (!original) return null;
  i = original.next;
  let unreplied = false;
  let assured = false;
  let mark: number | null = null;
  let zone: number | null = null;
  let reply: ConnTuple | null = null;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (w === '[UNREPLIED]') unreplied = true;
    else if (w === '[ASSURED]') assured = true;
    else if (w.startsWith('src=') && reply === null) {
      const r = tupleAt(words, i);
      if (!r) return null;
      reply = r.tuple;
      i = r.next - 1;
    } else if (/^mark=\d+$/.test(w)) mark = Number(w.slice(5));
    else if (/^zone=\d+$/.test(w)) zone = Number(w.slice(5));
  }
  return {
    family: family ?? (original.tuple.source.includes(':') ? 'ipv6' : 'ipv4'),
    protocol,
    protocolNumber: Number(number),
    timeout,
    state,
    original: original.tuple,
    reply,
    assured,
    unreplied,
    mark,
    zone,
    raw: line.trim(),
  };
}

/** Every line of a `conntrack -L` output or of `/proc/net/nf_conntrack`. */
export function parseConntrack(text: string): ConntrackTable {
  const entries: ConnEntry[] = [];
  const unreadable: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || /^conntrack v[\d.]+ \(conntrack-tools\)/.test(line)) continue;
    const entry = parseConntrackLine(line);
    if (entry) entries.push(entry);
    else unreadable.push(line.trim());
  }
  return { entries, unreadable };
}

/** `10.0.0.2:51000` / `[fd00::2]:51000` / `10.0.0.2` (no port): one end of a tuple as an admin reads it. */
export function endText(address: string, port: number | null): string {
  if (port === null) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** `10.0.0.2:51000 → 10.0.0.1:22` (`->` without Unicode); ICMP adds its type and id. */
export function tupleText(t: ConnTuple, arrow = '→'): string {
  const icmp = t.icmp ? ` type ${t.icmp.type} code ${t.icmp.code} id ${t.icmp.id}` : '';
  return `${endText(t.source, t.sourcePort)} ${arrow} ${endText(t.destination, t.destinationPort)}${icmp}`;
}
