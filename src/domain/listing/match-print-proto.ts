/**
 * -L text of the protocol-header matches sctp, dccp, ah, esp and ipcomp (iptables 1.8.9
 * libxt_sctp.c, libxt_dccp.c, libipt_ah.c, libip6t_ah.c, libxt_esp.c, libxt_ipcomp.c, numeric mode).
 */
import { bang, cNumber, has, portText, range, spaceBang, v, type Printer } from './print-util.js';
import type { Match } from '../model/rule-view.js';

const SCTP_CHUNKS: Readonly<Record<string, number>> = {
  DATA: 0,
  INIT: 1,
  INIT_ACK: 2,
  SACK: 3,
  HEARTBEAT: 4,
  HEARTBEAT_ACK: 5,
  ABORT: 6,
  SHUTDOWN: 7,
  SHUTDOWN_ACK: 8,
  ERROR: 9,
  COOKIE_ECHO: 10,
  COOKIE_ACK: 11,
  ECN_ECNE: 12,
  ECN_CWR: 13,
  SHUTDOWN_COMPLETE: 14,
  I_DATA: 64,
  RE_CONFIG: 130,
  PAD: 132,
  ASCONF: 193,
  ASCONF_ACK: 128,
  FORWARD_TSN: 192,
  I_FORWARD_TSN: 194,
};

/** Chunk types print as 0x%04X in numeric mode, in type order, each with its flags. */
function sctpChunks(list: string): string {
  if (list === 'NONE' || list === 'ALL') return ` ${list}`;
  const items = list.split(',').map((item) => {
    const [name = '', flags] = item.split(':');
    const type = SCTP_CHUNKS[name.toUpperCase()] ?? cNumber(name);
    return { type, text: `0x${type.toString(16).toUpperCase().padStart(4, '0')}${flags ? `:${flags}` : ''}` };
  });
  return ` ${items
    .sort((a, b) => a.type - b.type)
    .map((i) => i.text)
    .join(',')}`;
}

const sctp: Printer = (m) => {
  let out = ` sctp${portText('spt', has(m, '--sport') ?? has(m, '--source-port'))}`;
  out += portText('dpt', has(m, '--dport') ?? has(m, '--destination-port'));
  const chunks = has(m, '--chunk-types');
  if (chunks) out += `${spaceBang(chunks)} ${v(chunks, 0)}${sctpChunks(v(chunks, 1))}`;
  return out;
};

const DCCP_TYPES = [
  'REQUEST',
  'RESPONSE',
  'DATA',
  'ACK',
  'DATAACK',
  'CLOSEREQ',
  'CLOSE',
  'RESET',
  'SYNC',
  'SYNCACK',
  'INVALID',
];

const dccp: Printer = (m) => {
  let out = ` dccp${portText('spt', has(m, '--sport'))}${portText('dpt', has(m, '--dport'))}`;
  const types = has(m, '--dccp-types');
  if (types) {
    let bits = 0;
    for (const name of v(types).split(',')) {
      const i = DCCP_TYPES.indexOf(name.toUpperCase());
      // INVALID stands for every type from 10 up.
      bits |= i === 10 ? 0xfc00 : 1 << i;
    }
    out += `${spaceBang(types)} ${[...Array(16).keys()].filter((i) => bits & (1 << i)).join(',')}`;
  }
  const option = has(m, '--dccp-option');
  if (option) out += ` option=${bang(option)}${v(option)}`;
  return out;
};

/** ip6t ah prints its header length glued to the spi (`length:N`), as iptables does. */
function ahLength(m: Match): string {
  const o = has(m, '--ahlen');
  return o && (v(o) !== '0' || o.negated) ? `length:${bang(o)}${v(o)}` : '';
}

const MAX_SPI = 4294967295;

/** The protocol-header matches this file prints, by module name. */
export const PROTO_MATCHES: Readonly<Record<string, Printer>> = {
  sctp,
  dccp,
  ah: (m) => ` ah ${range('spi', has(m, '--ahspi'), MAX_SPI, '')}${ahLength(m)}${has(m, '--ahres') ? ' reserved' : ''}`,
  esp: (m) => ` esp${range('spi', has(m, '--espspi'))}`,
  ipcomp: (m) => ` comp ${range('spi', has(m, '--ipcompspi'), MAX_SPI, '')}${has(m, '--compres') ? ' reserved' : ''}`,
};
