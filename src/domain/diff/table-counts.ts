/** A table's packet counters by rule key, found when asked: a rate history asks for a few keys, not 100k. */
import type { Chain, Table } from '../model/ruleset.js';

/** Every key's packet counter in a table (ReadonlyMap); iterating it keys the whole table, once. */
export class TableCounts implements ReadonlyMap<string, bigint> {
  #all: ReadonlyMap<string, bigint> | null = null;
  /**
   * @param known counters already known (the ones a diff compared)
   * @param positions each rule key of a chain -> its position
   * @param every every counter of the table by key (policies included)
   */
  constructor(
    readonly table: Table,
    readonly known: ReadonlyMap<string, bigint>,
    readonly positions: (chain: Chain) => ReadonlyMap<string, number>,
    readonly every: () => ReadonlyMap<string, { packets: bigint }>,
  ) {}
  get(key: string): bigint | undefined {
    const seen = this.known.get(key);
    if (seen !== undefined || this.#all) return seen ?? this.#all!.get(key);
    const name = key.slice(0, key.indexOf('\u0000'));
    const chain = this.table.chains.find((c) => c.name === name);
    const at = chain ? this.positions(chain).get(key) : undefined;
    return at === undefined ? undefined : (chain!.rules[at]!.counters?.packets ?? 0n);
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  #keyed(): ReadonlyMap<string, bigint> {
    this.#all ??= new Map([...this.every()].map(([k, c]) => [k, c.packets]));
    return this.#all;
  }
  get size(): number {
    return this.#keyed().size;
  }
  forEach(fn: (value: bigint, key: string, map: ReadonlyMap<string, bigint>) => void): void {
    for (const [k, v] of this.#keyed()) fn(v, k, this);
  }
  entries(): MapIterator<[string, bigint]> {
    return this.#keyed().entries();
  }
  keys(): MapIterator<string> {
    return this.#keyed().keys();
  }
  values(): MapIterator<bigint> {
    return this.#keyed().values();
  }
  [Symbol.iterator](): MapIterator<[string, bigint]> {
    return this.#keyed().entries();
  }
}
