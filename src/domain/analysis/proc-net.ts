/**
 * Reading what the kernel says about processes and TCP sockets
 * (/proc/PID/stat, /proc/PID/environ, /proc/PID/net/tcp and tcp6), to find
 * the admin's own SSH connection. Pure: text in, data out; bad lines are skipped.
 */
import type { Family } from '../model/ruleset.js';

/** One TCP socket from /proc/net/tcp{,6}. */
export interface TcpSocket {
  readonly family: Family;
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** 'established', 'listen' or another state's hex code. */
  readonly state: string;
  readonly inode: number;
}

/** An SSH connection: the admin's end (client) and this machine's end (server). */
export interface SshConnection {
  readonly family: Family;
  readonly client: string;
  readonly clientPort: number;
  readonly server: string;
  readonly serverPort: number;
}

const STATES: Readonly<Record<string, string>> = { '01': 'established', '0A': 'listen' };

/** The kernel prints each 32-bit word of an address in host (little-endian) byte order. */
function wordBytes(hex8: string): number[] {
  const b = [0, 2, 4, 6].map((i) => parseInt(hex8.slice(i, i + 2), 16));
  return b.reverse();
}

function hexAddress(hex: string): { family: Family; address: string } | null {
  if (/^[0-9A-Fa-f]{8}$/.test(hex)) return { family: 'ipv4', address: wordBytes(hex).join('.') };
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return null;
  const bytes = [0, 8, 16, 24].flatMap((i) => wordBytes(hex.slice(i, i + 8)));
  // IPv4 clients of a socket bound to :: show up as ::ffff:a.b.c.d.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return { family: 'ipv4', address: bytes.slice(12).join('.') };
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return { family: 'ipv6', address: compressV6(groups) };
}

/** The shortest form: the longest run of zero groups becomes `::`. */
function compressV6(groups: string[]): string {
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

function endpoint(text: string): { family: Family; address: string; port: number } | null {
  const [hex = '', portHex = ''] = text.split(':');
  const a = hexAddress(hex);
  if (!a || !/^[0-9A-Fa-f]{4}$/.test(portHex)) return null;
  return { ...a, port: parseInt(portHex, 16) };
}

/** Parses /proc/net/tcp or tcp6 (the header line and anything malformed are skipped). */
export function parseTcpTable(text: string): TcpSocket[] {
  const out: TcpSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !/^\d+:$/.test(f[0]!)) continue;
    const local = endpoint(f[1]!);
    const remote = endpoint(f[2]!);
    const inode = Number(f[9]);
    if (!local || !remote || !Number.isSafeInteger(inode)) continue;
    out.push({
      family: local.family,
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state: STATES[f[3]!.toUpperCase()] ?? f[3]!,
      inode,
    });
  }
  return out;
}

/** /proc/PID/stat: the command name (in parentheses, may hold spaces and parentheses) and the parent pid. */
export function parseStat(text: string): { comm: string; ppid: number } | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = text.slice(close + 2).split(' ');
  const ppid = Number(rest[1]);
  return Number.isSafeInteger(ppid) ? { comm: text.slice(open + 1, close), ppid } : null;
}

/** SSH_CONNECTION from a NUL-separated environ: "client cport server sport". */
export function sshConnectionOf(environ: string): SshConnection | null {
  const entry = environ.split('\0').find((e) => e.startsWith('SSH_CONNECTION='));
  if (!entry) return null;
  const [client = '', cport = '', server = '', sport = ''] = entry.slice('SSH_CONNECTION='.length).split(' ');
  const family: Family | null = /^[\d.]+$/.test(client) ? 'ipv4' : client.includes(':') ? 'ipv6' : null;
  const port = (t: string): number | null => (/^\d{1,5}$/.test(t) && Number(t) <= 65535 ? Number(t) : null);
  const [cp, sp] = [port(cport), port(sport)];
  if (!family || cp === null || sp === null || !server) return null;
  // sshd prints an IPv4 client of a dual-stack socket as ::ffff:a.b.c.d.
  const plain = (a: string): string => a.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  const c = plain(client);
  return {
    family: /^[\d.]+$/.test(c) ? 'ipv4' : family,
    client: c,
    clientPort: cp,
    server: plain(server),
    serverPort: sp,
  };
}

/** The established connection a socket is, as an SSH connection seen from this (the server) end. */
export function connectionOf(s: TcpSocket): SshConnection {
  return {
    family: s.family,
    client: s.remoteAddress,
    clientPort: s.remotePort,
    server: s.localAddress,
    serverPort: s.localPort,
  };
}

/** `198.51.100.7:51234 -> 203.0.113.1:22` (IPv6 in brackets). */
export function describeConnection(c: SshConnection): string {
  const end = (a: string, p: number): string => (c.family === 'ipv6' ? `[${a}]:${p}` : `${a}:${p}`);
  return `${end(c.client, c.clientPort)} -> ${end(c.server, c.serverPort)}`;
}
