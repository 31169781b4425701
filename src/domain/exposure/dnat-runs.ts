/**
 * A DNAT'd range of ports as the report shows it: one entry per run of ports the rules cannot tell apart,
 * so that the verdict traced on a run's first port holds for every port of it. Pure.
 */
import { dnatTarget } from './dnat-entry.js';
import type { DnatPort } from './dnat-ports.js';
import type { Listener, Proto } from './listeners.js';

/** Ranges wider than this are not split (their first port stands for them, said in their `reason`). */
export const MAX_SPLIT_PORTS = 4096;

/**
 * The runs of `d`'s ports with the same `keyOf(port)`, each a DnatPort of its own (`lastPort` only when the
 * run holds more than one port); `d` itself when it is one port or wider than MAX_SPLIT_PORTS.
 */
export function dnatRuns(d: DnatPort, keyOf: (port: number) => string): DnatPort[] {
  const last = d.lastPort ?? d.port;
  if (last === d.port || last - d.port >= MAX_SPLIT_PORTS) return [d];
  const { lastPort: _, ...one } = d;
  const out: DnatPort[] = [];
  let start = d.port;
  let key = keyOf(start);
  for (let p = d.port + 1; p <= last + 1; p++) {
    const k = p <= last ? keyOf(p) : null;
    if (k === key) continue;
    out.push({ ...one, port: start, ...(p - 1 > start ? { lastPort: p - 1 } : {}) });
    start = p;
    key = k ?? '';
  }
  return out;
}

/** What tells a DNAT range's ports apart: the rules' port class and, when the port is kept, a listener on it. */
export function runKey(
  d: DnatPort,
  listeners: readonly Listener[],
  classOf: (proto: Proto, port: number) => string,
): (port: number) => string {
  const kept = dnatTarget(d.to, -1).port === -1;
  return (port) => {
    const listening = kept && listeners.some((l) => l.proto === d.proto && l.port === port);
    return `${classOf(d.proto, port)} ${listening}`;
  };
}
