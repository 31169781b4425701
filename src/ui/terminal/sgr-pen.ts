/**
 * The terminal's pen (SGR state) as a canonical string, so two cells drawn with the same look compare equal however
 * their codes were spelled. Only the codes chalk and Ink emit are understood; anything else is null (not sure).
 */

/** The default pen: no attribute, default colors. */
export const PLAIN_PEN = '';

/** Attribute codes and the code that clears each (bold and dim share 22). */
const ATTRIBUTES: Readonly<Record<number, string>> = { 1: 'b', 2: 'd', 3: 'i', 4: 'u', 5: 'k', 7: 'r', 8: 'h', 9: 's' };
const CLEARS: Readonly<Record<number, readonly string[]>> = {
  22: ['b', 'd'],
  23: ['i'],
  24: ['u'],
  25: ['k'],
  27: ['r'],
  28: ['h'],
  29: ['s'],
};

type Pen = Map<string, string>;

function parsePen(pen: string): Pen {
  const map: Pen = new Map();
  if (pen === '') return map;
  for (const part of pen.split(' ')) {
    const eq = part.indexOf('=');
    map.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return map;
}

function penText(map: Pen): string {
  return [...map.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** Reads one extended color (38/48) from `params` at `i`; returns its text and the next index, or null. */
function extendedColor(params: number[], i: number): [string, number] | null {
  const kind = params[i + 1];
  if (kind === 5 && params[i + 2] !== undefined && params[i + 2]! <= 255) return [`5;${params[i + 2]}`, i + 3];
  if (kind === 2 && params.slice(i + 2, i + 5).length === 3 && params.slice(i + 2, i + 5).every((n) => n <= 255))
    return [`2;${params.slice(i + 2, i + 5).join(';')}`, i + 5];
  return null;
}

/** The pen after `CSI params m` is applied to `pen`; null when a code is not one this model knows. */
export function applySgr(pen: string, paramText: string): string | null {
  if (!/^[0-9;]*$/.test(paramText)) return null;
  const params = paramText === '' ? [0] : paramText.split(';').map((p) => (p === '' ? 0 : Number(p)));
  const map = parsePen(pen);
  let i = 0;
  while (i < params.length) {
    const code = params[i]!;
    if (code === 0) map.clear();
    else if (ATTRIBUTES[code]) map.set(ATTRIBUTES[code], '1');
    else if (CLEARS[code]) for (const key of CLEARS[code]) map.delete(key);
    else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) map.set('f', String(code));
    else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) map.set('g', String(code));
    else if (code === 39) map.delete('f');
    else if (code === 49) map.delete('g');
    else if (code === 38 || code === 48) {
      const color = extendedColor(params, i);
      if (!color) return null;
      map.set(code === 38 ? 'f' : 'g', code === 38 ? `38;${color[0]}` : `48;${color[0]}`);
      i = color[1];
      continue;
    } else return null;
    i++;
  }
  return penText(map);
}

const CODE_OF: Readonly<Record<string, number>> = { b: 1, d: 2, i: 3, u: 4, k: 5, r: 7, h: 8, s: 9 };

const codesOf = (entries: [string, string][]) =>
  entries.map(([k, v]) => (k === 'f' || k === 'g' ? v : String(CODE_OF[k]))).join(';');

/**
 * A sequence that sets the terminal's pen to `pen`: from `from` (null when not known) only what it adds, when it
 * only adds; else a reset and then the pen's codes.
 */
export function sgrFor(pen: string, from: string | null = null): string {
  if (pen === PLAIN_PEN) return '\u001b[m';
  const target = parsePen(pen);
  if (from !== null) {
    const start = parsePen(from);
    if ([...start].every(([k, v]) => target.get(k) === v))
      return `\u001b[${codesOf([...target].filter(([k, v]) => start.get(k) !== v))}m`;
  }
  return `\u001b[0;${codesOf([...target])}m`;
}
