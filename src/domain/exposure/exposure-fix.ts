/**
 * The one-key fix for an exposure entry: the rule that closes the port on that interface, as an insert at the top
 * of the chain that sees the packet. A DNAT'd port is closed in filter DOCKER-USER by its original port
 * (`-m conntrack --ctorigdstport`): DOCKER-USER sees the packet after DNAT rewrote it, so `--dport 8080` would not
 * match. A port of this host is closed in INPUT. Both DROP, so the port reads `filtered` as the report says. Pure.
 */
import { targetName } from '../model/rule-view.js';
import { findChain, type Family, type Table } from '../model/ruleset.js';
import { addressProblem } from '../model/addresses.js';
import { kernelAddress } from '../text/address-text.js';
import type { Edit } from '../edit/edits.js';
import type { ExposureEntry } from './exposure-entry.js';

/** The fix to stage, with what it does in words; or why fwtui stages nothing. */
export type ExposureFix =
  /** `words`: what the rule does, short enough for the status line ("tcp/8080 on eth0 dropped first in …"). */
  | { readonly ok: true; readonly edit: Extract<Edit, { kind: 'insert' }>; readonly words: string }
  | { readonly ok: false; readonly why: string };

/** Docker's chain for the admin's own rules, jumped to from FORWARD before Docker's ACCEPTs. */
export const DOCKER_USER = 'DOCKER-USER';

/** Why no fix is offered for this verdict, or null when one is. */
export function fixNotNeeded(entry: ExposureEntry): string | null {
  if (entry.verdict === 'filtered') return `${entry.proto}/${entry.port} on ${entry.interface} is already filtered`;
  if (entry.verdict === 'local-only') return `${entry.proto}/${entry.port} is reachable from this host only`;
  return null;
}

/**
 * What is wrong with the source network the fix keeps allowed (one network of `family`), or null when fine.
 * A list is refused: `! -s a,b` becomes one rule per address, each dropping the other, so nothing stays allowed.
 */
export function allowedSourceProblem(text: string, family: Family): string | null {
  const value = text.trim();
  if (value === '') return null;
  if (value.includes(',')) return 'one network only (! -s a,b would drop both): stage the fix, then edit it with e';
  const problem = addressProblem(value, family);
  if (problem) return problem;
  if (kernelAddress(value, family).endsWith('/0')) return `${value} is every address: nothing would be dropped`;
  return null;
}

/** Whether filter FORWARD jumps to `chain` (Docker puts `-A FORWARD -j DOCKER-USER` first). */
const forwardJumpsTo = (filter: Table, chain: string): boolean =>
  findChain(filter, 'FORWARD')?.rules.some((r) => targetName(r.args) === chain) ?? false;

/**
 * The rule that closes `entry` on its interface, kept open for `allowed` (one network, or empty), inserted first
 * in its chain of `filter` (the live filter table of the entry's family).
 */
export function exposureFix(
  entry: ExposureEntry,
  filter: Table | undefined,
  family: Family,
  allowed = '',
): ExposureFix {
  const notNeeded = fixNotNeeded(entry);
  if (notNeeded) return { ok: false, why: `${notNeeded}: nothing to fix` };
  // A saved ruleset's report has "(other)" for interfaces its rules do not name: no rule can say -i (other).
  if (!/^[^\s'"\\/()!]{1,15}$/.test(entry.interface)) {
    return { ok: false, why: `${entry.interface} is not an interface a rule can name: fwtui stages nothing` };
  }
  const problem = allowedSourceProblem(allowed, family);
  if (problem) return { ok: false, why: problem };
  // A DNAT of a range is closed whole: iptables writes a port range as FIRST:LAST.
  const range = entry.last_port !== undefined && entry.last_port !== entry.port;
  const ports = range ? `${entry.port}:${entry.last_port}` : `${entry.port}`;
  const source = allowed.trim() === '' ? null : kernelAddress(allowed.trim(), family);
  const keep = source ? `! -s ${source} ` : '';
  const from = source ? `, except from ${source}` : '';
  if (entry.via === 'dnat') {
    if (!filter || !findChain(filter, DOCKER_USER)) {
      return { ok: false, why: `filter has no ${DOCKER_USER} chain (Docker makes it): fwtui stages nothing` };
    }
    if (!forwardJumpsTo(filter, DOCKER_USER)) {
      return { ok: false, why: `FORWARD does not jump to ${DOCKER_USER}: a rule there would not be seen` };
    }
    // --ctdir ORIGINAL: a container's own connection out to port N has original port N too; its replies
    // come in on the interface and would be dropped (closing 443 would end every container's HTTPS).
    const ct = `-m conntrack --ctorigdstport ${ports} --ctdir ORIGINAL`;
    const spec = `${keep}-i ${entry.interface} -p ${entry.proto} ${ct} -j DROP`;
    const words = `${entry.proto}/${ports} on ${entry.interface} dropped first in ${DOCKER_USER}${from}`;
    return { ok: true, edit: { kind: 'insert', chain: DOCKER_USER, at: 0, spec }, words };
  }
  const spec = `${keep}-i ${entry.interface} -p ${entry.proto} -m ${entry.proto} --dport ${ports} -j DROP`;
  const words = `${entry.proto}/${ports} on ${entry.interface} dropped first in INPUT${from}`;
  return { ok: true, edit: { kind: 'insert', chain: 'INPUT', at: 0, spec }, words };
}
