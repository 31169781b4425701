/**
 * `--listen SPEC` for `fwtui exposure --file`: the sockets of a machine fwtui cannot look at, written as
 * `tcp/22,tcp/80@10.0.0.1,udp/53@127.0.0.1,tcp/443@::` (proto/port[@address]; no address: every address of
 * the family; `none`: nothing listens). Pure.
 */
import { addressValue } from '../model/ip-net.js';
import type { Family } from '../model/ruleset.js';
import type { Listener, Proto } from './listeners.js';

export class ListenSpecError extends Error {}

/** The listeners a SPEC names, for `family` (an item of the other family is an error, not dropped). */
export function parseListenSpec(spec: string, family: Family): Listener[] {
  // `none`: the admin says nothing listens on that machine.
  if (spec.trim() === 'none') return [];
  const out: Listener[] = [];
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const m = /^(tcp|udp)\/(\d{1,5})(?:@(.+))?$/.exec(item);
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535)
      throw new ListenSpecError(`--listen: "${item}" is not proto/port[@address] (e.g. tcp/22, udp/53@127.0.0.1)`);
    const address = m[3] ?? (family === 'ipv4' ? '0.0.0.0' : '::');
    const a = addressValue(address);
    if (!a) throw new ListenSpecError(`--listen: "${m[3]}" in "${item}" is not an IP address`);
    if (a.family !== family)
      throw new ListenSpecError(`--listen: ${address} in "${item}" is not ${family === 'ipv4' ? 'IPv4' : 'IPv6'}`);
    out.push({ proto: m[1] as Proto, family, address, port, inode: 0, process: null });
  }
  if (out.length === 0) throw new ListenSpecError('--listen needs at least one proto/port (e.g. tcp/22)');
  return out;
}
