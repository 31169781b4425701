/**
 * A port nat PREROUTING rewrites (DNAT, REDIRECT), as the report needs it: the shape
 * `dnatPorts(ruleset, family)` gives, and where its `to` points. Pure.
 */
import type { RuleRef } from '../analysis/chain-walk.js';
import { addressValue } from '../model/ip-net.js';
import type { Proto } from './listeners.js';

/** One DNAT'd or REDIRECTed port. */
export interface DnatPort {
  readonly proto: Proto;
  /** The port the internet connects to. */
  readonly port: number;
  /** The rule's `-d` (the address the port is published on); null for every address. */
  readonly bindAddress: string | null;
  /** Interfaces the rule excludes (`! -i docker0`). */
  readonly inNot: readonly string[];
  /** The only interface the rule takes (`-i eth0`); null for any. */
  readonly inOnly: string | null;
  /** Where it goes: `172.17.0.2:80`, `[2001:db8::2]:80`, `:3128` (REDIRECT: this host). */
  readonly to: string;
  readonly rule: RuleRef;
}

/** `eth+` matches every name starting with `eth`, as iptables' `-i` does. */
export function ifaceMatches(pattern: string, iface: string): boolean {
  return pattern.endsWith('+') ? iface.startsWith(pattern.slice(0, -1)) : pattern === iface;
}

/** Whether the rule rewrites packets arriving on `iface`. */
export function dnatOn(d: DnatPort, iface: string): boolean {
  if (d.inOnly !== null && !ifaceMatches(d.inOnly, iface)) return false;
  return !d.inNot.some((p) => ifaceMatches(p, iface));
}

/** `172.17.0.2:80` → address and port; `:3128` → no address; `10.0.0.2` → the original port. */
export function dnatTarget(to: string, port: number): { address: string | null; port: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?/.exec(to);
  if (v6) return { address: v6[1]!, port: v6[2] ? Number(v6[2]) : port };
  if (addressValue(to)) return { address: to, port };
  const m = /^([^:]*):(\d+)(?:-\d+)?$/.exec(to);
  if (m) return { address: m[1] === '' ? null : m[1]!, port: Number(m[2]) };
  const range = /^([^:-]+)/.exec(to);
  return { address: range && addressValue(range[1]!) ? range[1]! : null, port };
}
