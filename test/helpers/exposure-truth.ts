/**
 * The exposure report the lab (exposure-lab.ts) deserves, written from its spec: each lab port
 * on `eth0` and `lan0` with the verdict an admin expects. Used to show that the agreement check
 * passes a truthful report and flags a wrong one, without fwtui.
 */
import type { ExposureEntry, ExposureReport } from '../../src/domain/exposure/exposure-entry.js';
import type { Family } from '../../src/domain/model/ruleset.js';
import { dnatTarget } from './exposure-lab-rules.js';
import { LAB_ADDRESSES, LAB_IFACES, LAB_PORTS } from './exposure-lab-spec.js';

/** A report that says exactly what the lab was built to do, for one family. */
export function truthfulReport(family: Family): ExposureReport {
  const a = LAB_ADDRESSES[family];
  const entries = [LAB_IFACES.wan, LAB_IFACES.lan].flatMap((iface) =>
    LAB_PORTS.map(
      (p): ExposureEntry => ({
        proto: p.proto,
        port: p.port,
        bind: p.wanOnly ? a.wan : p.verdict === 'local-only' ? a.loopback : p.dnatTo ? null : a.any,
        interface: iface,
        via: p.dnatTo ? 'dnat' : 'local',
        to: p.dnatTo ? dnatTarget(family, p.dnatTo) : null,
        process: p.dnatTo ? 'docker-proxy' : 'node',
        verdict: p.verdict,
        from:
          p.verdict === 'open'
            ? [family === 'ipv6' ? '::/0' : '0.0.0.0/0']
            : p.verdict === 'open-from'
              ? [a.allowedNet]
              : [],
        decided_by: null,
        reason: null,
      }),
    ),
  );
  return { family, interfaces: [LAB_IFACES.wan, LAB_IFACES.lan, LAB_IFACES.bridge], entries };
}
