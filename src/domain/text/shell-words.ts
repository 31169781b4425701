/**
 * A command line as a shell splits it into words, for command lines pasted
 * from tutorials (`iptables -A INPUT -m comment --comment 'ssh' -j ACCEPT`):
 * single quotes, double quotes, backslashes. Anything the shell would expand
 * or run differently ($VAR, `…`, ;, |, &, <, >, globs) is refused rather than
 * guessed: fwtui never runs a shell. Pure.
 */

export class ShellWordsError extends Error {}

const SPECIAL: Readonly<Record<string, string>> = {
  $: 'a $ (shell variable or expansion)',
  '`': 'a ` (command substitution)',
  ';': 'a ; (several commands)',
  '|': 'a | (pipe)',
  '&': 'a & (background or &&)',
  '<': 'a < (redirection)',
  '>': 'a > (redirection)',
  '(': 'a ( (subshell)',
  ')': 'a ) (subshell)',
  '*': 'a * (glob)',
  '?': 'a ? (glob)',
  '[': 'a [ (glob)',
};

/** What the shell in a tutorial would do with the line that fwtui cannot: the reason to refuse. */
function refused(what: string): ShellWordsError {
  return new ShellWordsError(
    `${what} needs a shell; fwtui stages iptables arguments only (quote it if it is literal text)`,
  );
}

/**
 * The words of one command line.
 * @throws ShellWordsError for an unclosed quote or shell syntax fwtui does not run
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellWordsError('a single quote is not closed');
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      inWord = true;
      for (i++; ; i++) {
        if (i >= line.length) throw new ShellWordsError('a double quote is not closed');
        const d = line[i]!;
        if (d === '"') break;
        if (d === '$' || d === '`') throw refused(SPECIAL[d]!);
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i];
        else word += d;
      }
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new ShellWordsError('a backslash ends the line');
      word += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '#' && !inWord) {
      break; // a comment to the end of the line
    } else if (SPECIAL[c]) {
      throw refused(SPECIAL[c]);
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
