/**
 * Which addresses are the namespace's (or this machine's) own, and whether it forwards: read-only
 * (`ip -o addr show`, `/proc/sys/net/…/forwarding`). Trace and the lockout check use them.
 */
import { parseAddressLines, type InterfaceAddress } from '../domain/analysis/local-addresses.js';
import type { Family } from '../domain/model/ruleset.js';
import type { CommandRunner } from './runner.js';

/** The interfaces' addresses (v4 and v6); null when `ip` fails (locality then stays unknown). */
export async function listAddresses(runner: CommandRunner, netns?: string): Promise<InterfaceAddress[] | null> {
  const args = [...(netns === undefined ? [] : ['-n', netns]), '-o', 'addr', 'show'];
  try {
    const result = await runner.run({ file: 'ip', args });
    return result.exitCode === 0 ? parseAddressLines(result.stdout) : null;
  } catch {
    return null;
  }
}

/** The sysctl file that says whether the namespace forwards packets of a family. */
export function forwardingFile(family: Family): string {
  return family === 'ipv6' ? '/proc/sys/net/ipv6/conf/all/forwarding' : '/proc/sys/net/ipv4/ip_forward';
}

/** Whether the namespace (or here) forwards packets of the family; null when it could not be read. */
export async function forwards(runner: CommandRunner, family: Family, netns?: string): Promise<boolean | null> {
  const path = forwardingFile(family);
  const cmd =
    netns === undefined ? { file: 'cat', args: [path] } : { file: 'ip', args: ['netns', 'exec', netns, 'cat', path] };
  try {
    const result = await runner.run(cmd);
    const value = result.stdout.trim();
    return result.exitCode !== 0 ? null : value === '1' ? true : value === '0' ? false : null;
  } catch {
    return null;
  }
}
