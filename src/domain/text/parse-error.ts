import { printable } from './printable.js';

/**
 * A problem in ruleset text, located by 1-based line number. The reason may
 * quote the text: control characters in it are escaped (see printable).
 */
export class ParseError extends Error {
  constructor(
    /** 1-based line number in the input, or 0 when the problem is the input as a whole. */
    readonly line: number,
    /** What is wrong, in plain words. */
    readonly reason: string,
  ) {
    reason = printable(reason, { newlines: false });
    super(line > 0 ? `line ${line}: ${reason}` : reason);
    this.reason = reason;
    this.name = 'ParseError';
  }
}
