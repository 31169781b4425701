/**
 * The network interfaces that exist now in the namespace (or here): `ip -o
 * link show`. The rule editor completes `-i`/`-o` with them and names typed
 * interfaces that do not exist yet. Read-only.
 */
import type { CommandRunner } from './runner.js';

/** `3: veth0@if2: <…> mtu …` lines → `veth0` (the `@peer` part is not the name). */
export function parseLinkNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)(?:@[^:\s]*)?:/.exec(line);
    if (m) names.push(m[1]!);
  }
  return names;
}

/** The interface names, sorted; empty when `ip` fails (the editor then completes nothing and warns about nothing). */
export async function listInterfaces(runner: CommandRunner, netns?: string): Promise<string[]> {
  const args = [...(netns === undefined ? [] : ['-n', netns]), '-o', 'link', 'show'];
  try {
    const result = await runner.run({ file: 'ip', args });
    return result.exitCode === 0 ? parseLinkNames(result.stdout).sort() : [];
  } catch {
    return [];
  }
}

/** `3: veth0@if2: <…>` lines → index 3 → `veth0`. */
export function parseLinkIndexes(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    const m = /^(\d+):\s+([^:@\s]+)(?:@[^:\s]*)?:/.exec(line);
    if (m) out.set(Number(m[1]), m[2]!);
  }
  return out;
}

/** The interfaces by index (NFLOG reports indexes); empty when `ip` fails (then shown as `if#N`). */
export async function interfaceIndexes(runner: CommandRunner, netns?: string): Promise<Map<number, string>> {
  const args = [...(netns === undefined ? [] : ['-n', netns]), '-o', 'link', 'show'];
  try {
    const result = await runner.run({ file: 'ip', args });
    return result.exitCode === 0 ? parseLinkIndexes(result.stdout) : new Map();
  } catch {
    return new Map();
  }
}
