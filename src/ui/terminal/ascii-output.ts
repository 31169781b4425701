/**
 * Output for a terminal whose locale is not UTF-8 (LANG=C, serial consoles): every character
 * above 0x7f becomes ASCII of the same width before it is written, so no message, glyph or
 * rule comment (now or added later) can put a non-ASCII byte on such a terminal.
 */
import stringWidth from 'string-width';

/** ASCII stand-ins of the view's own characters, one column each (Ink laid the frame out with their widths). */
const STAND_IN: Readonly<Record<string, string>> = {
  '…': '~',
  '·': '.',
  '→': '>',
  '←': '<',
  '↑': '^',
  '↓': 'v',
  '↕': '^',
  '↔': '/',
  '▏': '|',
  '▸': '>',
  '│': '|',
  '─': '-',
  '—': '-',
  '•': '*',
  '⊘': 'x',
  '✓': '+',
  '✗': 'x',
};

/** The text with each non-ASCII character replaced: a known glyph by its stand-in, others by `?` per column. */
export function toAscii(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: every byte outside ASCII is replaced
  return text.replace(/[^\u0000-\u007f]/gu, (ch) => STAND_IN[ch] ?? '?'.repeat(stringWidth(ch)));
}

/** `out` with its writes made ASCII; everything else (size, resize events, isTTY) is the stream's own. */
export function asciiOutput(out: NodeJS.WriteStream): NodeJS.WriteStream {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    return (out.write as (c: string, ...r: unknown[]) => boolean)(toAscii(text), ...rest);
  };
  return new Proxy(out, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
