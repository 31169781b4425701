/**
 * IP sets (ipset) as fwtui models them: one set's header (type, family,
 * create options) and its members with their own options, in the order
 * `ipset save` prints them, so a set read from the kernel is written back
 * unchanged. Pure.
 */

/** An option word with its value, or a flag (value null): `timeout 600`, `counters`. */
export interface SetOption {
  readonly name: string;
  readonly value: string | null;
}

/** One entry of a set: `192.0.2.0/24` with `timeout 300 comment "x"`, `nomatch`, counters. */
export interface SetMember {
  /** The element as ipset prints it: `192.0.2.0/24`, `2001:db8::1,tcp:22`, `eth0`-style parts joined by commas. */
  readonly elem: string;
  readonly options: readonly SetOption[];
}

/** One set, as `ipset save` (and `ipset list -t`) describe it. */
export interface IpSet {
  readonly name: string;
  readonly type: string;
  /** `inet` or `inet6` for hash types; null for bitmap:port and list:set (no family). */
  readonly family: 'inet' | 'inet6' | null;
  /** Create options after the type, in order (family excluded). */
  readonly options: readonly SetOption[];
  readonly members: readonly SetMember[];
  /** Bytes the kernel uses for it (from `ipset list -t`), when known. */
  readonly memsize: number | null;
  /** How many rules and list:sets use it (from `ipset list -t`), when known. */
  readonly references: number | null;
}

/** The value of option `name` (a flag gives ''), or undefined when absent. */
export function optionValue(options: readonly SetOption[], name: string): string | undefined {
  const o = options.find((x) => x.name === name);
  return o === undefined ? undefined : (o.value ?? '');
}

/** Whether a set counts packets and bytes per member. */
export const hasCounters = (set: IpSet): boolean => optionValue(set.options, 'counters') !== undefined;

/** Seconds a member stays (its own timeout, else the set's default), or null when it does not expire. */
export function memberTimeout(set: IpSet, member: SetMember): number | null {
  const own = optionValue(member.options, 'timeout') ?? optionValue(set.options, 'timeout');
  if (own === undefined) return null;
  const n = Number(own);
  return n === 0 ? null : n;
}

/** A member added with `nomatch`: an exception inside a hash:net-style set. */
export const isNomatch = (member: SetMember): boolean => member.options.some((o) => o.name === 'nomatch');

/** The parts of a set type after `hash:`/`bitmap:`/`list:`: `hash:net,port` -> ['net', 'port']. */
export const typeParts = (type: string): string[] => (type.split(':')[1] ?? '').split(',');

/** Whether any rule of the tables uses `-m set` (so the sets must be read to decide them). */
export function usesSets(tables: readonly { chains: readonly { rules: readonly { spec: string }[] }[] }[]): boolean {
  return tables.some((t) => t.chains.some((c) => c.rules.some((r) => r.spec.includes('--match-set'))));
}
