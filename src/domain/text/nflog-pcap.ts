/**
 * NFLOG packets as `tcpdump -i nflog:N -U -w -` writes them: a pcap stream (link type 239, DLT_NFLOG) whose records
 * are an NFLOG header (family, version, group) and TLVs (length and type in the capturing host's byte order, values
 * in network order, each padded to 4 bytes): the prefix (NFULA_PREFIX, 10), the in/out interface indexes (4, 5), the
 * packet (NFULA_PAYLOAD, 9), its time (NFULA_TIMESTAMP, 3). The stream comes as a string of one character per byte
 * (latin1). Pure.
 */
import type { Family } from '../model/ruleset.js';
import { protoName, type LogHit } from './log-hit.js';

/** One NFLOG record: what the kernel sent for one packet. */
export interface NflogRecord {
  /** ms since the epoch (the kernel's time of the packet when sent, else the capture's). */
  readonly time: number;
  readonly family: Family | null;
  readonly group: number;
  readonly prefix: string;
  /** Interface indexes (null: not sent, as for a packet without that side). */
  readonly inIndex: number | null;
  readonly outIndex: number | null;
  /** The packet from its IP header on (as many bytes as the capture kept). */
  readonly payload: string;
}

const TIMESTAMP = 3;
const PREFIX = 10;
const PAYLOAD = 9;
const IN_DEV = 4;
const OUT_DEV = 5;

/** Thrown for a stream that is not an NFLOG pcap. */
export class NflogStreamError extends Error {}

const b = (s: string, i: number): number => s.charCodeAt(i) & 0xff;
const be16 = (s: string, i: number): number => (b(s, i) << 8) | b(s, i + 1);
const be32 = (s: string, i: number): number => be16(s, i) * 0x10000 + be16(s, i + 2);

/** An attribute's type without its nested and byte-order flags (netlink's NLA_TYPE_MASK). */
const NLA_TYPE_MASK = 0x3fff;

/** The TLVs of one NFLOG record (after its 4-byte header): type → value. */
function tlvs(data: string, little: boolean): Map<number, string> {
  const out = new Map<number, string>();
  let at = 4;
  while (at + 4 <= data.length) {
    const len = little ? b(data, at) | (b(data, at + 1) << 8) : be16(data, at);
    const type = (little ? b(data, at + 2) | (b(data, at + 3) << 8) : be16(data, at + 2)) & NLA_TYPE_MASK;
    if (len < 4) break;
    if (!out.has(type)) out.set(type, data.slice(at + 4, Math.min(data.length, at + len)));
    at += (len + 3) & ~3;
  }
  return out;
}

/** One record's bytes (after the pcap record header) → the record. */
export function nflogRecord(data: string, time: number, little: boolean): NflogRecord | null {
  if (data.length < 4) return null;
  const fam = b(data, 0);
  const t = tlvs(data, little);
  const index = (type: number): number | null => {
    const v = t.get(type);
    return v !== undefined && v.length >= 4 ? be32(v, 0) : null;
  };
  const prefix = t.get(PREFIX) ?? '';
  // The kernel's own time of the packet (sec, usec: 64-bit each), when sent: the capture's time is when tcpdump read
  // it, up to a second later (the kernel batches NFLOG messages).
  const stamp = t.get(TIMESTAMP);
  const kernelTime =
    stamp !== undefined && stamp.length >= 16
      ? (be32(stamp, 0) * 2 ** 32 + be32(stamp, 4)) * 1000 + Math.floor(be32(stamp, 12) / 1000)
      : null;
  return {
    time: kernelTime ?? time,
    family: fam === 2 ? 'ipv4' : fam === 10 ? 'ipv6' : null,
    group: be16(data, 2),
    prefix: prefix.replace(/\0[\s\S]*$/, ''),
    inIndex: index(IN_DEV),
    outIndex: index(OUT_DEV),
    payload: t.get(PAYLOAD) ?? '',
  };
}

const v4 = (s: string, i: number): string => [0, 1, 2, 3].map((k) => b(s, i + k)).join('.');
function v6(s: string, i: number): string {
  const groups = Array.from({ length: 8 }, (_, k) => be16(s, i + 2 * k).toString(16));
  // The longest run of zero groups (two or more) becomes '::', as addresses are written.
  let best = { at: -1, len: 1 };
  for (let at = 0; at < 8; at++) {
    let len = 0;
    while (at + len < 8 && groups[at + len] === '0') len++;
    if (len > best.len) best = { at, len };
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

/** The packet's addresses, protocol and ports (IPv4, or IPv6 without extension headers before TCP/UDP). */
export function packetFacts(
  payload: string,
): Pick<LogHit, 'src' | 'dst' | 'proto' | 'spt' | 'dpt'> & { family: Family | null } {
  const none = { family: null, src: null, dst: null, proto: null, spt: null, dpt: null };
  const version = payload.length > 0 ? b(payload, 0) >> 4 : 0;
  let proto: number;
  let l4: number;
  let src: string;
  let dst: string;
  if (version === 4 && payload.length >= 20) {
    proto = b(payload, 9);
    l4 = (b(payload, 0) & 0x0f) * 4;
    src = v4(payload, 12);
    dst = v4(payload, 16);
    // A later fragment carries no ports.
    if ((be16(payload, 6) & 0x1fff) !== 0) l4 = Number.POSITIVE_INFINITY;
  } else if (version === 6 && payload.length >= 40) {
    proto = b(payload, 6);
    l4 = 40;
    src = v6(payload, 8);
    dst = v6(payload, 24);
  } else return none;
  const ports = (proto === 6 || proto === 17 || proto === 132 || proto === 33) && payload.length >= l4 + 4;
  return {
    family: version === 4 ? 'ipv4' : 'ipv6',
    src,
    dst,
    proto: protoName(proto),
    spt: ports ? be16(payload, l4) : null,
    dpt: ports ? be16(payload, l4 + 2) : null,
  };
}

/** libpcap's largest snapshot length: no record of a sound stream is longer. */
const MAX_SNAPLEN = 262144;

/** Reads a pcap stream piece by piece (split anywhere): NFLOG records as they complete. */
export class NflogPcapReader {
  private buffer = '';
  private little: boolean | null = null;

  /**
   * The records completed by `piece` (latin1: one character per byte).
   * @throws NflogStreamError when the stream is not a pcap of NFLOG records
   */
  feed(piece: string): NflogRecord[] {
    this.buffer += piece;
    if (this.little === null) {
      if (this.buffer.length < 24) return [];
      const magic = be32(this.buffer, 0);
      // tcpdump writes in its own byte order: a1b2c3d4 read as is (big) or swapped (little); ns variants too.
      if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) this.little = false;
      else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) this.little = true;
      else throw new NflogStreamError('not a pcap stream');
      const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
      this.nanoseconds = nano;
      const link = this.u32(20);
      this.snaplen = Math.min(this.u32(16) || MAX_SNAPLEN, MAX_SNAPLEN);
      if (link !== 239) throw new NflogStreamError(`pcap link type ${link}, not NFLOG (239)`);
      this.buffer = this.buffer.slice(24);
    }
    const out: NflogRecord[] = [];
    while (this.buffer.length >= 16) {
      const length = this.u32(8);
      // A record longer than the capture's own limit is a broken stream: waiting for it would hold everything fed.
      if (length > this.snaplen) throw new NflogStreamError(`a record of ${length} bytes, over the capture's limit`);
      if (this.buffer.length < 16 + length) break;
      const time = this.u32(0) * 1000 + Math.floor(this.u32(4) / (this.nanoseconds ? 1e6 : 1e3));
      const record = nflogRecord(this.buffer.slice(16, 16 + length), time, this.little);
      if (record) out.push(record);
      this.buffer = this.buffer.slice(16 + length);
    }
    return out;
  }

  private nanoseconds = false;
  private snaplen = MAX_SNAPLEN;

  private u32(at: number): number {
    const s = this.buffer;
    return this.little
      ? (b(s, at) | (b(s, at + 1) << 8) | (b(s, at + 2) << 16)) + b(s, at + 3) * 0x1000000
      : be32(s, at);
  }
}

/** A record as a hit; `ifName` names an interface index (null when unknown). */
export function nflogHit(r: NflogRecord, ifName: (index: number) => string | null): LogHit {
  const facts = packetFacts(r.payload);
  const name = (i: number | null): string | null => (i === null ? null : (ifName(i) ?? `if#${i}`));
  return {
    via: 'nflog',
    prefix: r.prefix,
    level: null,
    group: r.group,
    fromKernel: true,
    time: r.time,
    in: name(r.inIndex),
    out: name(r.outIndex),
    ...facts,
    family: r.family ?? facts.family,
  };
}
