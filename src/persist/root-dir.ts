/** `--root DIR` (save, saved-diff, status, the view): checked before anything reads or writes under it. */
import { statSync } from 'node:fs';

/** What is wrong with `root` as a --root directory, in plain words; null when it is a directory. */
export function rootDirProblem(root: string): string | null {
  try {
    return statSync(root).isDirectory() ? null : `--root ${root} is not a directory`;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `--root ${root} does not exist`;
    if (code === 'ENOTDIR') return `--root ${root} is not a directory (a part of its path is a file)`;
    return `--root ${root} cannot be read (${code ?? String(e)})`;
  }
}
