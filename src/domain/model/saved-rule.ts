/**
 * A Rule read from text, decoded on demand: a 100k-rule dump is mostly
 * passed through (export), so arguments and bigint counters are built only
 * when something looks at them. The text is validated when read.
 */
import { splitArgs } from '../text/quoting.js';
import type { Counters, Rule } from './ruleset.js';

const MAX_U64_TEXT = '18446744073709551615';

/** Whether a decimal string fits in 64 bits, without allocating a bigint. */
export function fitsU64(digits: string): boolean {
  const d = digits.replace(/^0+(?=\d)/, '');
  return d.length < MAX_U64_TEXT.length || (d.length === MAX_U64_TEXT.length && d <= MAX_U64_TEXT);
}

export class SavedRule implements Rule {
  #spec: string | undefined;
  #countersText: string | null | undefined;
  #args: readonly string[] | undefined;
  #counters: Counters | null | undefined;
  /** The line as read, when it is exactly what iptables-save prints for this rule in #chain. */
  #line: string | null = null;
  #chain = '';
  /** Length of `[p:b]` at the start of #line (0: none). */
  #countersLength = 0;

  /**
   * @param spec the rule's text after `-A CHAIN `
   * @param countersText `[p:b]` as read (already validated), or null
   * @param args the arguments when already split (lines with quotes are split while reading, to check them)
   */
  constructor(spec: string, countersText: string | null, args?: readonly string[]) {
    this.#spec = spec;
    this.#countersText = countersText;
    this.#args = args;
  }

  /**
   * A rule from a line printed the way iptables-save prints it: `[p:b] -A CHAIN spec`,
   * single spaces, counters (already validated) optional. Spec and counters are
   * cut out of the line only when asked for, and printing it again in the same
   * chain gives back the line itself: a 100k-rule export copies instead of rebuilding.
   * @param countersLength length of `[p:b]` at the start of the line, 0 without
   */
  static fromLine(line: string, chain: string, countersLength: number, args?: readonly string[]): SavedRule {
    const rule = new SavedRule('', null, args);
    rule.#spec = undefined;
    rule.#countersText = undefined;
    rule.#line = line;
    rule.#chain = chain;
    rule.#countersLength = countersLength;
    return rule;
  }

  get spec(): string {
    // "-A CHAIN " follows the counters and their space.
    this.#spec ??= this.#line!.slice(
      (this.#countersLength > 0 ? this.#countersLength + 1 : 0) + 4 + this.#chain.length,
    );
    return this.#spec;
  }

  get countersText(): string | null {
    if (this.#countersText === undefined)
      this.#countersText = this.#countersLength > 0 ? this.#line!.slice(0, this.#countersLength) : null;
    return this.#countersText;
  }

  /** The line as read, when it prints this rule with its counters in `chain` exactly; else null. */
  lineIn(chain: string): string | null {
    return this.#line !== null && chain === this.#chain ? this.#line : null;
  }

  get args(): readonly string[] {
    this.#args ??= splitArgs(this.spec);
    return this.#args;
  }

  /**
   * A rule's arguments without keeping them on a SavedRule that has not
   * decoded them yet: printing a million rules once must not leave a
   * million argument arrays behind.
   */
  static argsOnce(rule: Rule): readonly string[] {
    return rule instanceof SavedRule && rule.#args === undefined ? splitArgs(rule.spec) : rule.args;
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
