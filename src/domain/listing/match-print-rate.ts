/**
 * -L text of the rate and volume matches hashlimit, rateest, connbytes, connlimit, quota and
 * time (iptables 1.8.9 libxt_*.c print functions, numeric mode).
 */
import { has, spaceBang, v, type Printer } from './print-util.js';

/** hashlimit's units, in its revision-3 scale (1e-6 s). */
const HASHLIMIT_UNITS: readonly [string, bigint][] = [
  ['day', 86400n * 1000000n],
  ['hour', 3600n * 1000000n],
  ['min', 60n * 1000000n],
  ['sec', 1000000n],
];

/** print_rate of libxt_hashlimit: the largest unit that shows the period without loss. */
function hashlimitRate(period: bigint): string {
  if (period === 0n) return ' inf';
  let i = 1;
  for (; i < HASHLIMIT_UNITS.length; i++) {
    const mult = HASHLIMIT_UNITS[i]![1];
    if (period > mult || mult / period < mult % period) break;
  }
  const [name, mult] = HASHLIMIT_UNITS[i - 1]!;
  return ` ${mult / period}/${name}`;
}

const hashlimit: Printer = (m) => {
  const above = has(m, '--hashlimit-above');
  // `--hashlimit RATE` is the revision-0 spelling of --hashlimit-upto.
  const rateText = v(above ?? has(m, '--hashlimit-upto') ?? has(m, '--hashlimit'));
  const burst = has(m, '--hashlimit-burst');
  let out = above ? ' limit: above' : ' limit: up to';
  if (/b\/s$/.test(rateText)) {
    out += ` ${rateText}${burst ? ` burst ${v(burst)}` : ''}`;
  } else {
    const [count = '1', unit = 'sec'] = rateText.split('/');
    const mult = HASHLIMIT_UNITS.find(([name]) => name[0] === unit[0])?.[1] ?? 1000000n;
    const avg = mult / BigInt(count || '1');
    const interval = has(m, '--hashlimit-rate-interval');
    // The list shows the rate over the whole interval, the save text per interval.
    out += hashlimitRate(interval ? avg * BigInt(v(interval)) : avg);
    out += ` burst ${burst ? v(burst) : '5'}`;
  }
  const mode = has(m, '--hashlimit-mode');
  if (mode) out += ` mode ${v(mode).split(',').join('-')}`;
  for (const name of ['size', 'max', 'gcinterval', 'expire']) {
    const o = has(m, `--hashlimit-htable-${name}`);
    if (o) out += ` htable-${name} ${v(o)}`;
  }
  for (const mask of ['srcmask', 'dstmask']) {
    const o = has(m, `--hashlimit-${mask}`);
    if (o) out += ` ${mask} ${v(o)}`;
  }
  if (has(m, '--hashlimit-rate-match')) out += ' rate-match';
  const interval = has(m, '--hashlimit-rate-interval');
  if (interval && v(interval) !== '1') out += ` rate-interval ${v(interval)}`;
  return out;
};

/** rateest's numeric mode prints bytes per second; the save text says bit, Kbit or Mbit. */
const rateestBytes = (text: string): string => {
  const mult = /mbit$/i.test(text) ? 1e6 : /kbit$/i.test(text) ? 1e3 : 1;
  return String(Math.round((parseFloat(text) * mult) / 8));
};

const rateest: Printer = (m) => {
  const name2 = has(m, '--rateest2');
  const delta = !!has(m, '--rateest-delta');
  const modeOpt = has(m, '--rateest-lt') ?? has(m, '--rateest-gt') ?? has(m, '--rateest-eq');
  const mode = `${spaceBang(modeOpt)} ${modeOpt ? modeOpt.name.slice(-2) : ''}`;
  const bps = has(m, '--rateest-bps') ?? has(m, '--rateest-bps1') ?? has(m, '--rateest-bps2');
  const pps = has(m, '--rateest-pps') ?? has(m, '--rateest-pps1') ?? has(m, '--rateest-pps2');
  let out = ` rateest match ${v(has(m, '--rateest') ?? has(m, '--rateest1'))}${delta ? ' delta' : ''}`;
  if (bps) {
    out += ' bps';
    const first = has(m, '--rateest-bps1') ?? (delta ? has(m, '--rateest-bps') : undefined);
    if (delta && first && v(first)) out += ` ${rateestBytes(v(first))}`;
    const second = has(m, '--rateest-bps2') ?? has(m, '--rateest-bps');
    if (!name2) out += `${second && v(second) ? ` ${rateestBytes(v(second))}` : ''}${mode}`;
  }
  if (pps) {
    out += ' pps';
    if (delta) out += ` ${v(has(m, '--rateest-pps1')) || '0'}`;
    if (!name2) out += `${mode} ${v(has(m, '--rateest-pps2') ?? has(m, '--rateest-pps'))}`;
  }
  if (name2) {
    out += `${mode} ${v(name2)}`;
    if (bps) out += ` bps${delta ? ` ${rateestBytes(v(has(m, '--rateest-bps2')) || '0')}` : ''}`;
    if (pps) out += ` pps${delta ? ` ${v(has(m, '--rateest-pps2')) || '0'}` : ''}`;
  }
  return out;
};

const connbytes: Printer = (m) => {
  const bytes = has(m, '--connbytes');
  const [from = '0', to] = v(bytes).split(':');
  const range = `${from}${to !== undefined ? `:${to}` : ''}`;
  const mode = v(has(m, '--connbytes-mode'));
  const dir = v(has(m, '--connbytes-dir'));
  return `${spaceBang(bytes)} connbytes ${range} connbytes mode ${mode} connbytes direction ${dir}`;
};

const connlimit: Printer = (m, ctx) => {
  const above = has(m, '--connlimit-above');
  const side = has(m, '--connlimit-daddr') ? 'dst' : 'src';
  const mask = v(has(m, '--connlimit-mask')) || (ctx.family === 'ipv6' ? '128' : '32');
  return ` #conn ${side}/${mask} ${above ? '>' : '<='} ${v(above ?? has(m, '--connlimit-upto'))}`;
};

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** libxt_time's suffix (by the last digit only: iptables prints `11st`, `12nd`). */
const ordinal = (n: number): string => `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;

const time: Printer = (m) => {
  let out = ' TIME';
  const start = has(m, '--timestart');
  const stop = has(m, '--timestop');
  if (start || stop) out += ` from ${v(start) || '00:00:00'} to ${v(stop) || '23:59:59'}`;
  const week = has(m, '--weekdays');
  if (week) {
    const days = v(week)
      .split(',')
      .map((d) => (/^\d$/.test(d) ? Number(d) : WEEKDAYS.indexOf(d)));
    out += ` on ${WEEKDAYS.filter((_, i) => i > 0 && days.includes(i) !== !!week.negated).join(',')}`;
  }
  const month = has(m, '--monthdays');
  if (month) {
    const days = v(month).split(',').map(Number);
    const list = [...Array(32).keys()].filter((i) => i > 0 && days.includes(i) !== !!month.negated);
    out += ` on ${list.map(ordinal).join(',')}`;
  }
  const from = has(m, '--datestart');
  if (from) out += ` starting from ${v(from).replace('T', ' ')}`;
  const until = has(m, '--datestop');
  if (until) out += ` until date ${v(until).replace('T', ' ')}`;
  if (!has(m, '--kerneltz')) out += ' UTC';
  if (has(m, '--contiguous')) out += ' contiguous';
  return out;
};

/** The rate and volume matches this file prints, by module name. */
export const RATE_MATCHES: Readonly<Record<string, Printer>> = {
  hashlimit,
  rateest,
  connbytes,
  connlimit,
  time,
  quota: (m) => ` quota: ${v(has(m, '--quota'))} bytes`,
};
