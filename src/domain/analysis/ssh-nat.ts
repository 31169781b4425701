/**
 * A new SSH connection the firewall accepts but a DNAT or REDIRECT sends elsewhere (a container, another
 * port) never reaches this machine's sshd: the lockout check says so rather than "SSH stays open". Pure.
 */
import type { Trace } from './evaluate.js';
import { ruleName } from './trace-report.js';

/** Why an accepted SSH packet does not reach sshd on `sshPorts` after translation; null when it does. */
export function sshTranslatedAway(trace: Trace, sshPorts: readonly number[], ipv6: boolean): string | null {
  const last = [...trace.rewrites].reverse().find((w) => w.kind === 'DNAT' || w.kind === 'REDIRECT');
  if (!last || trace.verdict !== 'ACCEPT') return null;
  const by = `${last.kind === 'DNAT' ? "is DNAT'd" : 'is redirected'} by ${ruleName(last.rule)}`;
  const to = last.to === null ? '' : ` to ${last.to}`;
  if (trace.routed?.to === 'FORWARD') return `${by}${to} and forwarded: it would not reach this machine's sshd`;
  const port = (ipv6 && !last.to?.startsWith(':') ? /\]:(\d+)$/ : /:(\d+)$/).exec(last.to ?? '')?.[1];
  if (port !== undefined && !sshPorts.includes(Number(port)))
    return `${by}${to}: port ${port} is not one sshd listens on`;
  return null;
}
