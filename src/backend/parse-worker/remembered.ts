/** Each command's last read, on both sides of the worker: the base the next read's delta is taken against. */
import type { Ruleset } from '../../domain/model/ruleset.js';

/** One remembered read: its number and what it read. */
export interface Remembered {
  readonly id: number;
  readonly ruleset: Ruleset;
}

/** The last read of each key (a key names a command: `ipv4 filter`, `ipv4 *`). */
export class RememberedReads {
  readonly #last = new Map<string, Remembered>();

  /** The newer of `key`'s and `also`'s last reads (a family's full read can be a table read's base). */
  newest(key: string | null, also: string | null): Remembered | null {
    const a = key === null ? undefined : this.#last.get(key);
    const b = also === null ? undefined : this.#last.get(also);
    return (a && b ? (a.id > b.id ? a : b) : (a ?? b)) ?? null;
  }

  /** The read numbered `id`, when it is still some key's last. */
  byId(id: number): Remembered | null {
    for (const r of this.#last.values()) if (r.id === id) return r;
    return null;
  }

  remember(key: string | null, read: Remembered): void {
    if (key !== null) this.#last.set(key, read);
  }

  clear(): void {
    this.#last.clear();
  }
}
