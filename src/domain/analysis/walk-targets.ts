/**
 * What the chain walk does with each kind of target: the ones the packet goes on after, source NAT,
 * and how MARK changes the packet's mark. Pure.
 */
import { optionOf, type Target } from '../model/rule-view.js';

/** Targets that let the packet go on to the next rule. */
export const CONTINUING = new Set([
  'LOG',
  'NFLOG',
  'ULOG',
  'TRACE',
  'AUDIT',
  'TCPMSS',
  'DSCP',
  'TOS',
  'TTL',
  'HL',
  'ECN',
  'CLASSIFY',
  'CHECKSUM',
  'SECMARK',
  'CONNSECMARK',
  'IDLETIMER',
  'LED',
  'SET',
  'TEE',
  'TCPOPTSTRIP',
  'HMARK',
  'RATEEST',
  'CONNMARK',
  'MARK',
  'CT',
  'NOTRACK',
]);
/** nat targets: the table is done with the packet, which goes on (addresses rewritten). */
export const SOURCE_NAT = new Set(['SNAT', 'MASQUERADE']);
/** How many chains deep (the built-in one included) the walk follows jumps; deeper, it is stuck. */
export const MAX_DEPTH = 64;

/** Whether the walk follows a target that is not a chain: a verdict, RETURN, or one the packet goes on after. */
export function followsTarget(name: string): boolean {
  return /^(|ACCEPT|DROP|REJECT|RETURN|DNAT|REDIRECT)$/.test(name) || CONTINUING.has(name) || SOURCE_NAT.has(name);
}

/** The packet's mark after a MARK target (`--set-mark`, `--set-xmark`); null when it cannot be told. */
export function markAfter(target: Target, mark: number | null): number | null {
  const [value, mask] = (
    optionOf(target, '--set-xmark')?.values[0] ??
    optionOf(target, '--set-mark')?.values[0] ??
    ''
  ).split('/');
  if (target.name !== 'MARK' || value === undefined || value === '') return null;
  const v = Number(value);
  if (!Number.isFinite(v)) return null;
  if (optionOf(target, '--set-mark')) return mask === undefined ? v >>> 0 : ((mark ?? 0) & ~Number(mask)) | v;
  if (mark === null) return null;
  return ((mark & ~Number(mask ?? '0xffffffff')) ^ v) >>> 0;
}
