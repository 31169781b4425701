/**
 * One packet a LOG or NFLOG rule reported, as fwtui read it: from the kernel log (LOG rules: `dmesg`) or from an
 * NFLOG group (NFLOG rules: `tcpdump -i nflog:N`). Pure.
 */
import type { Family } from '../model/ruleset.js';

/** Where a line came from. */
export type LogVia = 'kernel-log' | 'nflog';

/** One reported packet. Fields the report did not carry are null (never guessed). */
export interface LogHit {
  readonly via: LogVia;
  /** IPv4 or IPv6, from the packet's addresses (null: neither was readable). */
  readonly family: Family | null;
  /** The rule's prefix as it reached fwtui (`--log-prefix` / `--nflog-prefix`); '' when it had none. */
  readonly prefix: string;
  /** The kernel log level of a LOG line (0 emerg … 7 debug); null for NFLOG. */
  readonly level: number | null;
  /** The NFLOG group; null for LOG. */
  readonly group: number | null;
  /**
   * False when the line was written into the kernel log by a program, not by the kernel (any root process can write
   * to /dev/kmsg): shown marked, never passed off as the kernel's.
   */
  readonly fromKernel: boolean;
  /** When it was logged, ms since the epoch (the kernel log's or the capture's clock). */
  readonly time: number;
  readonly in: string | null;
  readonly out: string | null;
  readonly src: string | null;
  readonly dst: string | null;
  /** TCP, UDP, ICMP, ICMPv6, or the protocol number. */
  readonly proto: string | null;
  readonly spt: number | null;
  readonly dpt: number | null;
}

/** A protocol number as LOG lines name it. */
export function protoName(n: number): string {
  const names: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6', 132: 'SCTP', 33: 'DCCP' };
  return names[n] ?? String(n);
}
