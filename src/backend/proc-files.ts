/**
 * Small /proc and /proc/sys files of a namespace, read in one process (`ip netns exec NS tail -v -n +1
 * FILE…`, or `tail …` here): the socket tables a namespace's sockets are listed in are seen only from
 * inside it. Read-only.
 */
import type { CommandRunner } from './runner.js';

/**
 * `==> FILE <==` headed sections of `tail -v` → each file's text. A file tail could not read has no
 * section (it said why on stderr).
 */
export function splitTailSections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | null = null;
  let lines: string[] = [];
  const close = (): void => {
    // tail puts a newline before every header but the first: with the file's own last one, the lines join back.
    if (name !== null) out.set(name, lines.join('\n'));
  };
  for (const line of text.split('\n')) {
    const header = /^==> (.*) <==$/.exec(line);
    if (header) {
      close();
      name = header[1]!;
      lines = [];
    } else lines.push(line);
  }
  close();
  return out;
}

/** The texts of `paths` as the namespace sees them; a path missing from the map could not be read. */
export async function readNetnsFiles(
  runner: CommandRunner,
  paths: readonly string[],
  netns?: string,
): Promise<Map<string, string>> {
  const tail = ['tail', '-v', '-n', '+1', '--', ...paths];
  const [file, ...args] = netns === undefined ? tail : ['ip', 'netns', 'exec', netns, ...tail];
  try {
    const r = await runner.run({ file: file!, args });
    return splitTailSections(r.stdout);
  } catch {
    return new Map();
  }
}
