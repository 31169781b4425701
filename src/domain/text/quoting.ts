/**
 * How iptables-restore splits a rule line into arguments, and how
 * iptables-save quotes a value. Both follow iptables 1.8.9
 * (xshared.c add_param_to_argv, xtables.c xtables_save_string).
 */

export class QuotingError extends Error {}

/**
 * Quotes a value the way iptables-save prints string options (comment, log prefix):
 * bare when it is only `[A-Za-z0-9_-]`, else in double quotes with `"`, `\` and `'`
 * backslash-escaped.
 */
export function saveQuote(value: string): string {
  // Characters iptables-save prints without quotes; anything else gets quoted.
  if (/^[A-Za-z0-9_-]+$/.test(value)) return value;
  return `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** Quotes an argument only when iptables-restore would otherwise split or alter it. */
export function argQuote(value: string): string {
  if (value !== '' && !/[\s"'\\]/.test(value)) return value;
  return `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** Joins arguments into a rule line iptables-restore reads back into the same arguments. */
export function joinArgs(args: readonly string[]): string {
  return args.map(argQuote).join(' ');
}

/**
 * What splitArgs would refuse in `line` from index `from` on, without
 * splitting it: a check cheap enough for every rule of a big read.
 * @returns the problem as splitArgs words it, or null
 */
export function quotingProblem(line: string, from = 0): string | null {
  let inQuote = false;
  for (let i = from; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x5c) {
      if (i + 1 >= line.length) return loneBackslash();
      i++;
    } else if (c === 0x22) inQuote = !inQuote;
  }
  return inQuote ? unclosedQuote() : null;
}

// Function declarations, not constants: a module-level value is computed once, before any test runs, so
// mutation testing (npm run mutate) could not see a test fail when its words are wrong.
function loneBackslash(): string {
  return 'line ends with a lone backslash';
}
function unclosedQuote(): string {
  return 'a double quote is never closed';
}

/**
 * Splits a rule line into arguments: spaces and tabs separate, double quotes
 * group (and may produce an empty argument), a backslash escapes the next character.
 * @throws QuotingError on an unterminated quote or a trailing backslash.
 */
export function splitArgs(line: string): string[] {
  // Fast path: most rules have no quotes or escapes (100k-rule dumps).
  if (!line.includes('"') && !line.includes('\\')) return line.split(/[ \t]+/).filter((a) => a !== '');
  const args: string[] = [];
  let current = '';
  let started = false;
  let inQuote = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') {
      if (i + 1 >= line.length) throw new QuotingError(loneBackslash());
      current += line[++i];
      started = true;
    } else if (c === '"') {
      inQuote = !inQuote;
      started = true;
    } else if (!inQuote && (c === ' ' || c === '\t')) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (inQuote) throw new QuotingError(unclosedQuote());
  if (started) args.push(current);
  return args;
}
