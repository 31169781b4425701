/**
 * The fwtui command lines fwtui prints as hints ("`fwtui confirm` keeps it"),
 * built from the scope of the invocation that prints them: a hint printed
 * under `--netns N --backend nft` names the same namespace and backend, so
 * following it as printed acts on the same firewall. Pure.
 */

/** What a command line works on: the options that pick the firewall and its files. */
export interface CommandScope {
  readonly netns?: string | null;
  readonly backend?: 'nft' | 'legacy' | null;
  /** `--root DIR` (save, saved-diff, status only). */
  readonly root?: string | null;
}

/** Commands that take `--root`: parseArgs refuses it elsewhere. */
const TAKES_ROOT = new Set(['save', 'saved-diff', 'status']);

/** One shell word: bare when it is only safe characters, else in single quotes. */
export function shellWord(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `fwtui COMMAND [ARGS] --netns N --backend B [--root DIR]`, as a shell would
 * read it: the scope's options follow the command's own words.
 * @param words the command and its own arguments, e.g. `['save', '--remove-loader']`
 */
export function fwtuiCommand(scope: CommandScope, ...words: string[]): string {
  const argv = ['fwtui', ...words];
  if (scope.netns) argv.push('--netns', scope.netns);
  if (scope.backend) argv.push('--backend', scope.backend);
  if (scope.root && TAKES_ROOT.has(words[0] ?? '')) argv.push('--root', scope.root);
  return argv.map(shellWord).join(' ');
}
