/**
 * A Rule read from text, decoded on demand: a 100k-rule dump is mostly
 * passed through (export), so arguments and bigint counters are built only
 * when something looks at them. The text is validated when read.
 */
import { splitArgs } from './quoting.js';
import type { Counters, Rule } from './ruleset.js';

const MAX_U64_TEXT = '18446744073709551615';

/** Whether a decimal string fits in 64 bits, without allocating a bigint. */
export function fitsU64(digits: string): boolean {
  const d = digits.replace(/^0+(?=\d)/, '');
  return d.length < MAX_U64_TEXT.length || (d.length === MAX_U64_TEXT.length && d <= MAX_U64_TEXT);
}

export class SavedRule implements Rule {
  #args: readonly string[] | undefined;
  #counters: Counters | null | undefined;

  /**
   * @param spec the rule's text after `-A CHAIN `
   * @param countersText `[p:b]` as read (already validated), or null
   * @param args the arguments when already split (lines with quotes are split while reading, to check them)
   */
  constructor(
    readonly spec: string,
    readonly countersText: string | null,
    args?: readonly string[],
  ) {
    this.#args = args;
  }

  get args(): readonly string[] {
    return (this.#args ??= splitArgs(this.spec));
  }

  get counters(): Counters | null {
    if (this.#counters === undefined) {
      const t = this.countersText;
      const colon = t ? t.indexOf(':') : -1;
      this.#counters = t ? { packets: BigInt(t.slice(1, colon)), bytes: BigInt(t.slice(colon + 1, -1)) } : null;
    }
    return this.#counters;
  }
}

/** `[p:b]` for a rule's counters; reuses the text read for a SavedRule. */
export function countersTextOf(rule: Rule): string | null {
  if (rule instanceof SavedRule) return rule.countersText;
  return rule.counters ? `[${rule.counters.packets}:${rule.counters.bytes}]` : null;
}

/** A plain copy of a rule with other counters. */
export function withCounters(rule: Rule, counters: Counters | null): Rule {
  return { spec: rule.spec, args: rule.args, counters };
}
