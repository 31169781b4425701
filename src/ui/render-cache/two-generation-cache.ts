/**
 * A memo that forgets: values are kept for the keys of the current generation and the one before. A frame's
 * texts are looked up again on the next frame (a keypress changes two rows of fifty), so nearly every lookup
 * hits, and memory stays bounded by two generations whatever scrolls past.
 */
export class TwoGenerationCache<V> {
  #current = new Map<string, V>();
  #previous = new Map<string, V>();
  readonly #limit: number;

  /** @param limit entries a generation holds before it becomes the previous one */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The value for `key`, made by `make` only when neither generation has it. */
  get(key: string, make: (key: string) => V): V {
    let value = this.#current.get(key);
    if (value !== undefined) return value;
    value = this.#previous.get(key);
    if (value === undefined) value = make(key);
    if (this.#current.size >= this.#limit) this.nextGeneration();
    this.#current.set(key, value);
    return value;
  }

  /** Starts a new generation: what the last two did not use is forgotten. */
  nextGeneration(): void {
    this.#previous = this.#current;
    this.#current = new Map();
  }

  /** Entries held now (both generations, a key in both counted twice). */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }
}
