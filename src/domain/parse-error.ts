/** A problem in ruleset text, located by 1-based line number. */
export class ParseError extends Error {
  constructor(
    /** 1-based line number in the input, or 0 when the problem is the input as a whole. */
    readonly line: number,
    /** What is wrong, in plain words. */
    readonly reason: string,
  ) {
    super(line > 0 ? `line ${line}: ${reason}` : reason);
    this.name = 'ParseError';
  }
}
