/**
 * The words for a program that is not installed, fitted to this machine's
 * distribution (read once from /etc/os-release), so "apt-get install …" is
 * never printed on a RHEL server.
 */
import { readFileSync } from 'node:fs';
import { notInstalled } from '../domain/hints/package-hint.js';

let ids: string[] | null = null;

function value(text: string, key: string): string {
  const m = new RegExp(`^${key}=(?:"([^"]*)"|'([^']*)'|(\\S*))`, 'm').exec(text);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
}

/** os-release ID and ID_LIKE of this machine (cached; empty when unknown). */
export function osReleaseIds(): string[] {
  if (ids) return ids;
  let text = '';
  for (const path of ['/etc/os-release', '/usr/lib/os-release']) {
    try {
      text = readFileSync(path, 'utf8');
      break;
    } catch {
      // try the next one
    }
  }
  ids = [value(text, 'ID'), ...value(text, 'ID_LIKE').split(/\s+/)].filter(Boolean);
  return ids;
}

/** "iptables is not installed (iptables-restore not found): apt-get install iptables". */
export const missingProgramMessage = (program: string): string => notInstalled(program, osReleaseIds());
