/**
 * Small /proc and /proc/sys files of a namespace (`ip netns exec NS cat FILE`, or `cat FILE` here): the
 * socket tables a namespace's sockets are listed in are seen only from inside it. Read-only.
 */
import type { CommandRunner } from './runner.js';

/** The text of `path` as the namespace sees it; null when it cannot be read (absent: IPv6 off, no such file). */
export async function readNetnsFile(runner: CommandRunner, path: string, netns?: string): Promise<string | null> {
  const cmd =
    netns === undefined ? { file: 'cat', args: [path] } : { file: 'ip', args: ['netns', 'exec', netns, 'cat', path] };
  try {
    const r = await runner.run(cmd);
    return r.exitCode === 0 ? r.stdout : null;
  } catch {
    return null;
  }
}
