/**
 * `fwtui connections -p tcp --dport 22`: the words that pick connections, in iptables' own terms, read into the
 * RuleView a rule with those matches would have, so the view's matcher (connection-match.ts) decides. Pure.
 */
import { parseNet } from '../model/ip-net.js';
import { protocolNumber } from '../model/protocols.js';
import { parseRuleView, type RuleView } from '../model/rule-view.js';

export class ConnectionFilterError extends Error {}

/** The words `fwtui connections` takes, each with one value. */
export const CONNECTION_FLAGS = ['-p', '-s', '-d', '--sport', '--dport'] as const;
const PORTED = new Set(['tcp', 'udp', 'udplite', 'sctp', 'dccp']);

/** `22` or `1000:2000`, within 0-65535. */
const isPort = (text: string): boolean =>
  /^\d{1,5}(:\d{1,5})?$/.test(text) && text.split(':').every((p) => Number(p) <= 65535);

/** Reads the filter words (`-p tcp --dport 22`); an empty list picks every connection. */
export function connectionFilter(words: readonly string[]): RuleView {
  const given = new Map<string, string>();
  for (let i = 0; i < words.length; i += 2) {
    const flag = words[i]!;
    const value = words[i + 1] ?? '';
    if (!(CONNECTION_FLAGS as readonly string[]).includes(flag))
      throw new ConnectionFilterError(`${flag} does not pick connections (use ${CONNECTION_FLAGS.join(' ')})`);
    if (value === '') throw new ConnectionFilterError(`${flag} needs a value`);
    if (given.has(flag)) throw new ConnectionFilterError(`${flag} is given twice`);
    given.set(flag, value);
  }
  const proto = given.get('-p')?.toLowerCase();
  if (proto !== undefined && !/^\d+$/.test(protocolNumber(proto)))
    throw new ConnectionFilterError(`-p ${proto}: not a protocol fwtui knows (tcp, udp, icmp, a number…)`);
  for (const flag of ['-s', '-d'])
    if (given.has(flag) && !parseNet(given.get(flag)!))
      throw new ConnectionFilterError(`${flag} ${given.get(flag)}: not an address or network`);
  const ports = (['--sport', '--dport'] as const).filter((f) => given.has(f));
  if (ports.length > 0 && (proto === undefined || !PORTED.has(proto)))
    throw new ConnectionFilterError(
      `${ports[0]} needs -p tcp, udp, udplite, sctp or dccp first (the protocols conntrack keeps ports for)`,
    );
  for (const f of ports)
    if (!isPort(given.get(f)!)) throw new ConnectionFilterError(`${f} ${given.get(f)}: not a port or range`);
  const args: string[] = [];
  if (proto !== undefined) args.push('-p', proto);
  for (const flag of ['-s', '-d']) if (given.has(flag)) args.push(flag, given.get(flag)!);
  if (ports.length > 0) args.push('-m', proto!, ...ports.flatMap((f) => [f, given.get(f)!]));
  return parseRuleView(args);
}
