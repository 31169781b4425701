/**
 * Does `fwtui exposure` say what the lab's probes saw? Pure: a report and the probes in, the
 * disagreements and a compact table out. An entry for `eth0` is checked against the internet
 * prober, one for `lan0` against the stranger there; both against the allowed prober for
 * `open-from`. `open` ⇔ the outsider reaches it; `open-from` ⇔ only the allowed source does and
 * `from` names its network; `filtered`/`local-only` ⇔ neither does. `no-listener` and `uncertain`
 * claim nothing to check, except that a port the outsider reaches is never "no listener".
 */
import type { Family } from '../../src/domain/model/ruleset.js';
import type { ExposureEntry, ExposureReport } from '../../src/domain/exposure/exposure-entry.js';
import type { LabProbe } from './exposure-lab.js';
import { LAB_ADDRESSES, LAB_IFACES, LAB_PORTS, type Prober } from './exposure-lab-spec.js';

/** The prober that stands for "the internet" on each probed interface of the host. */
const OUTSIDER: Readonly<Record<string, Prober>> = { [LAB_IFACES.wan]: 'internet', [LAB_IFACES.lan]: 'stranger' };

export interface Agreement {
  /** One line per disagreement: port, interface, what fwtui says, what the probes saw. */
  readonly problems: readonly string[];
  /** Every entry and every probe outcome behind it, for a failure message. */
  readonly table: string;
}

/** The host address a prober must target to test `entry`: its bind address when that is the host's, else its link's. */
function target(entry: ExposureEntry, link: string, family: Family): string {
  const a = LAB_ADDRESSES[family];
  return entry.bind === a.wan || entry.bind === a.lan ? entry.bind : link;
}

function find(probes: readonly LabProbe[], prober: Prober, entry: ExposureEntry, dst: string): LabProbe | undefined {
  return probes.find((p) => p.prober === prober && p.proto === entry.proto && p.port === entry.port && p.dst === dst);
}

/** Compares every entry of `report` with the probes, and looks for ports the outsiders reach that it leaves out. */
export function checkAgreement(report: ExposureReport, probes: readonly LabProbe[], family: Family): Agreement {
  const a = LAB_ADDRESSES[family];
  const problems: string[] = [];
  const rows: string[][] = [['proto/port', 'iface', 'via', 'bind', 'to', 'verdict', 'from', 'outsider', 'allowed', '']];
  for (const e of report.entries) {
    const prober = OUTSIDER[e.interface];
    const outside = prober
      ? find(probes, prober, e, target(e, e.interface === LAB_IFACES.wan ? a.wan : a.lan, family))
      : undefined;
    const inside = prober ? find(probes, 'allowed', e, target(e, a.lan, family)) : undefined;
    const wrong = prober ? disagreement(e, outside, inside, a.allowedNet) : null;
    const label = `${e.proto}/${e.port} on ${e.interface} (${family}, via ${e.via}${e.to ? ` to ${e.to}` : ''})`;
    if (wrong && wrong !== 'unchecked') problems.push(`${label}: ${wrong}`);
    rows.push([
      `${e.proto}/${e.port}`,
      e.interface,
      e.via,
      e.bind ?? '-',
      e.to ?? '-',
      e.verdict,
      e.from.join(',') || '-',
      outside?.result ?? (prober ? 'not probed' : '-'),
      inside?.result ?? (prober ? 'not probed' : '-'),
      wrong && wrong !== 'unchecked' ? 'DISAGREES' : '',
    ]);
  }
  for (const [iface, prober] of Object.entries(OUTSIDER)) {
    for (const p of probes.filter((q) => q.prober === prober && q.reached)) {
      const named = report.entries.some((e) => e.interface === iface && e.proto === p.proto && e.port === p.port);
      if (!named)
        problems.push(
          `${p.proto}/${p.port} on ${iface} (${family}): the ${prober} reaches it, the report leaves it out`,
        );
    }
  }
  return { problems: [...new Set(problems)], table: format(rows) };
}

/** Why `e` disagrees with the probes, null when it agrees, `unchecked` when its verdict claims nothing checkable. */
function disagreement(
  e: ExposureEntry,
  outside: LabProbe | undefined,
  inside: LabProbe | undefined,
  allowedNet: string,
): string | null {
  if (e.verdict === 'uncertain') return 'unchecked';
  if (!outside || !inside) {
    const known = LAB_PORTS.some((l) => l.proto === e.proto && l.port === e.port);
    return known || e.verdict === 'no-listener'
      ? 'unchecked'
      : `fwtui says ${e.verdict} for a port the lab does not serve`;
  }
  const saw = `probes: outsider ${outside.result}, allowed ${inside.result}`;
  switch (e.verdict) {
    case 'no-listener':
      return outside.reached ? `fwtui says no-listener, but ${saw}` : 'unchecked';
    case 'open':
      return outside.reached ? null : `fwtui says open, ${saw}`;
    case 'open-from':
      if (outside.reached || !inside.reached) return `fwtui says open-from ${e.from.join(',')}, ${saw}`;
      return e.from.includes(allowedNet) ? null : `fwtui says open-from ${e.from.join(',')}, without ${allowedNet}`;
    default:
      return outside.reached || inside.reached ? `fwtui says ${e.verdict}, ${saw}` : null;
  }
}

function format(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
