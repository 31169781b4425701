/**
 * What a DNAT/SNAT/REDIRECT target rewrites to, read from its options: `--to-destination 172.17.0.2:80`,
 * `10.0.0.1-10.0.0.4:8000-8010`, `[fd00::2]:80`, `:8080` (port only), `--to-ports 3128[-3130]`. Pure.
 */
import { addressValue } from '../model/ip-net.js';
import type { Family } from '../model/ruleset.js';

/** Where a translation sends the packet: an address range (null: kept) and a port range (null: kept). */
export interface NatTo {
  readonly first: string | null;
  readonly last: string | null;
  readonly ports: readonly [number, number] | null;
}

/** One destination the kernel may pick: address (null: kept) and port (null: kept). */
export interface NatPick {
  readonly address: string | null;
  readonly port: number | null;
}

/** How many ways a range may offer before the walk stops trying each and calls the result unknown. */
export const MAX_NAT_PICKS = 16;

function portRangeOf(text: string): readonly [number, number] | null | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!m) return undefined;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return lo > hi || hi > 65535 ? undefined : [lo, hi];
}

/**
 * `--to-destination`/`--to-source` text → what it rewrites to; null when fwtui cannot read it (a base port
 * `/p`, a malformed value). IPv6 addresses with a port are bracketed: `[fd00::2]:80`.
 */
export function parseNatTo(text: string, family: Family): NatTo | null {
  let addr = text;
  let port: string | null = null;
  if (family === 'ipv6') {
    const m = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
    if (m) [addr, port] = [m[1]!, m[2] ?? null];
    else if (text.startsWith(':') && !text.startsWith('::')) [addr, port] = ['', text.slice(1)];
  } else {
    const i = text.indexOf(':');
    if (i >= 0) [addr, port] = [text.slice(0, i), text.slice(i + 1)];
  }
  const ports = port === null ? null : portRangeOf(port);
  if (ports === undefined) return null;
  if (addr === '') return ports === null ? null : { first: null, last: null, ports };
  const [first = '', last = first, ...rest] = addr.split('-');
  const a = addressValue(first);
  const b = addressValue(last);
  if (rest.length > 0 || !a || !b || a.family !== family || b.family !== family || a.value > b.value) return null;
  return { first, last, ports };
}

/** `--to-ports 3128` / `3128-3130` of REDIRECT and MASQUERADE; null when absent, undefined when unreadable. */
export function parseToPorts(text: string | undefined): readonly [number, number] | null | undefined {
  return text === undefined ? null : portRangeOf(text);
}

/** An address of `family` from its number: dotted quad, or IPv6 with the longest zero run as `::`. */
export function formatAddress(family: Family, value: bigint): string {
  if (family === 'ipv4') return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => ((value >> s) & 0xffffn).toString(16));
  let best = [-1, 0];
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best[1]! && j - i > 1) best = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best[0]! < 0) return groups.join(':');
  const head = groups.slice(0, best[0]).join(':');
  const tail = groups.slice(best[0]! + best[1]!).join(':');
  return `${head}::${tail}`;
}

/** Every destination the kernel may pick for `to`, or null when there are more than MAX_NAT_PICKS. */
export function natPicks(to: NatTo, family: Family): NatPick[] | null {
  const a = to.first === null ? null : addressValue(to.first)!.value;
  const b = to.last === null ? null : addressValue(to.last)!.value;
  const addresses = a === null || b === null ? 1n : b - a + 1n;
  const ports = to.ports === null ? 1 : to.ports[1] - to.ports[0] + 1;
  if (addresses * BigInt(ports) > BigInt(MAX_NAT_PICKS)) return null;
  const picks: NatPick[] = [];
  for (let i = 0n; i < addresses; i++)
    for (let p = 0; p < ports; p++)
      picks.push({
        address: a === null ? null : i === 0n ? to.first : formatAddress(family, a + i),
        port: to.ports === null ? null : to.ports[0] + p,
      });
  return picks;
}

/** `172.17.0.2:80`, `[fd00::2]:80`, `172.17.0.2`, `:8080` as an admin reads it. */
export function natPickText(pick: NatPick, family: Family): string {
  const addr = pick.address ?? '';
  if (pick.port === null) return addr;
  return family === 'ipv6' && addr !== '' ? `[${addr}]:${pick.port}` : `${addr}:${pick.port}`;
}
