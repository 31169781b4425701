/**
 * A DNAT published on 127.0.0.1 only (Docker's `-p 127.0.0.1:PORT:PORT`): no internet host can send to
 * 127.0.0.1 here, but a neighbour on the same link can, and without a raw PREROUTING drop (Docker 28 adds
 * one) the DNAT rewrites its packet and passes it on. What the rules do with that packet, in words. Pure.
 */
import type { Ruleset } from '../model/ruleset.js';
import type { DnatPort } from './dnat-ports.js';
import { judgePort, type Sources, type TraceCache } from './exposure-verdict.js';
import { isLoopback } from './listeners.js';

/**
 * What happens to a packet a neighbour on `iface` sends to the loopback address `address` the DNAT `d` is
 * published on: null when the rules turn it away (or for IPv6, whose kernel drops ::1 from outside).
 * @param to where the DNAT sends it, as the report prints it
 * @param local whether `to` is this host (delivered) or another (forwarded)
 */
export function neighbourWords(
  ruleset: Ruleset,
  d: DnatPort,
  at: { iface: string; address: string; to: string; local: boolean },
  sources: Sources,
  cache: TraceCache,
): string | null {
  if (ruleset.family !== 'ipv4' || !isLoopback(at.address)) return null;
  const q = { proto: d.proto, port: d.port, iface: at.iface, destination: at.address };
  const j = judgePort(ruleset, q, sources, true, cache);
  const who = `a neighbour on the same link (${at.iface})`;
  if (j.verdict === 'uncertain')
    return `whether ${who} sending to ${at.address} gets through is uncertain: ${j.reason ?? 'the rules'}`;
  if (j.verdict !== 'open' && j.verdict !== 'open-from') return null;
  const from = j.verdict === 'open-from' ? ` from ${j.from.join(', ')}` : '';
  const passed = at.local ? 'delivered to' : 'forwarded to';
  return `${who}${from} sending to ${at.address} is ${passed} ${at.to} (no raw PREROUTING drop as Docker 28 adds)`;
}
