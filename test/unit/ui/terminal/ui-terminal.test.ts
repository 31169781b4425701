import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { toAscii } from '../../../../src/ui/terminal/ascii-output.js';
import { localeIsUtf8 } from '../../../../src/ui/terminal/charset.js';
import { chooseTheme } from '../../../../src/ui/run-tui.js';
import { terminalShowsAttributes } from '../../../../src/ui/terminal/terminal-caps.js';

describe('output on a terminal that is not UTF-8', () => {
  it("becomes ASCII of the same width: the view's glyphs by stand-ins, anything else by ?", () => {
    const text = 'Reading the firewall… · rule 2 ▸ ↕ │─ ✓ ✗ café 日本 e\u0301';
    const ascii = toAscii(text);
    expect([...Buffer.from(ascii, 'utf8')].every((b) => b < 0x80)).toBe(true);
    expect(stringWidth(ascii)).toBe(stringWidth(text));
    expect(ascii).toBe('Reading the firewall~ . rule 2 > ^ |- + x caf? ???? e');
  });

  it('keeps escape sequences and plain text as they are', () => {
    expect(toAscii('\u001b[7m 1 ACCEPT -i lo\u001b[27m')).toBe('\u001b[7m 1 ACCEPT -i lo\u001b[27m');
  });

  it('is chosen by LC_ALL, then LC_CTYPE, then LANG (an empty one does not count), as in the C library', () => {
    expect(localeIsUtf8({ LC_ALL: 'C', LC_CTYPE: 'en_US.UTF-8', LANG: 'en_US.UTF-8' })).toBe(false);
    expect(localeIsUtf8({ LC_ALL: '', LC_CTYPE: 'C', LANG: 'en_US.UTF-8' })).toBe(false);
    expect(localeIsUtf8({ LC_CTYPE: 'C.UTF-8', LANG: 'C' })).toBe(true);
    expect(localeIsUtf8({ LANG: 'C' })).toBe(false);
  });
});

describe('a terminal without colour or attributes', () => {
  it('is one where Ink writes no escape code (TERM=dumb, no TERM, unknown TERM)', () => {
    expect(terminalShowsAttributes({ TERM: 'dumb' })).toBe(false);
    expect(terminalShowsAttributes({})).toBe(false);
    expect(terminalShowsAttributes({ TERM: 'foot' })).toBe(false);
    expect(terminalShowsAttributes({ TERM: 'xterm-256color' })).toBe(true);
    expect(terminalShowsAttributes({ TERM: 'screen' })).toBe(true);
    expect(terminalShowsAttributes({ TERM: 'foot', COLORTERM: 'truecolor' })).toBe(true);
    expect(terminalShowsAttributes({ TERM: 'dumb', FORCE_COLOR: '1' })).toBe(true);
    expect(terminalShowsAttributes({ TERM: 'xterm', FORCE_COLOR: '0' })).toBe(false);
  });

  it('gets a text marker for the selection; NO_COLOR alone keeps inverse video', () => {
    expect(chooseTheme(undefined, { TERM: 'dumb' })?.selectionMarker).toBe(true);
    expect(chooseTheme('default', { TERM: 'dumb' })?.selectionMarker).toBe(true);
    const noColor = chooseTheme(undefined, { NO_COLOR: '1', TERM: 'xterm-256color' });
    expect(noColor?.name).toBe('no-color');
    expect(noColor?.inverseSelection).toBe(true);
    expect(noColor?.selectionMarker ?? false).toBe(false);
    expect(chooseTheme('nope', {})).toBeNull();
  });
});
