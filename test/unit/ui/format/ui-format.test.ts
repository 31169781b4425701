import { describe, expect, it } from 'vitest';
import { humanCount, humanRate } from '../../../../src/domain/listing/human-count.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { layoutColumns, ruleCells, rowText, fit } from '../../../../src/ui/format/rule-row.js';
import { windowStart } from '../../../../src/ui/format/window.js';
import { parseKeys } from '../../../../src/ui/keys/keys.js';
import { localeIsUtf8 } from '../../../../src/ui/terminal/charset.js';
import { RULES_V4 } from '../../../helpers/fake-source.js';

describe('counters as iptables -L shows them without -x', () => {
  it('keeps up to 99999 exact, then K, M, G with rounding', () => {
    expect(humanCount(99999n)).toBe('99999');
    expect(humanCount(100000n)).toBe('100K');
    expect(humanCount(9999499n)).toBe('9999K');
    expect(humanCount(9999500n)).toBe('10M');
    expect(humanCount(18446744073709551615n)).toBe('18E');
    expect(humanRate(undefined)).toBe('');
    expect(humanRate(2.345)).toBe('2.3');
    expect(humanRate(1234.4)).toBe('1234');
  });
});

describe('rule rows', () => {
  const rules = parseSave(RULES_V4()).tables[0]!.chains.find((c) => c.name === 'TCP')!.rules;
  const cells = rules.map((r, i) => ruleCells(r, i + 1, 'ipv4', false, i === 0 ? 12.5 : undefined));

  it('show the iptables -L columns plus a rate', () => {
    expect(cells[0]).toMatchObject({
      num: '1',
      pkts: '10',
      bytes: '600',
      rate: '13',
      target: 'ACCEPT',
      prot: 'tcp',
      source: '0.0.0.0/0',
    });
    expect(cells[0]!.extra).toBe('tcp dpt:22 /* ssh from the office */');
  });

  it('fit any width exactly, dropping the least useful columns first', () => {
    for (const width of [20, 40, 59, 80, 120, 200]) {
      const columns = layoutColumns(width, cells);
      const line = rowText(cells[0]!, columns);
      expect(line.length, `width ${width}`).toBe(width);
      if (width >= 40) expect(columns.map((c) => c.id)).toEqual(expect.arrayContaining(['num', 'pkts', 'target']));
    }
    expect(layoutColumns(59, cells).map((c) => c.id)).not.toContain('opt');
    expect(layoutColumns(200, cells).map((c) => c.id)).toContain('opt');
  });

  it('cut long text with an ellipsis', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('ab', 4, 'right')).toBe('  ab');
  });
});

describe('scrolling window', () => {
  it('moves only as far as needed to keep the cursor visible', () => {
    expect(windowStart(0, 5, 10, 100)).toBe(0);
    expect(windowStart(0, 10, 10, 100)).toBe(1);
    expect(windowStart(50, 40, 10, 100)).toBe(40);
    expect(windowStart(95, 99, 10, 100)).toBe(90);
    expect(windowStart(3, 0, 10, 5)).toBe(0);
  });
});

describe('raw input to keys', () => {
  const names = (chunk: string) =>
    parseKeys(chunk).map(([i, k]) => {
      const flags = (Object.keys(k) as (keyof typeof k)[]).filter((f) => k[f] && f !== 'shift').join('+');
      return `${k.shift && !i ? 'shift+' : ''}${flags}${i ? `${flags ? ':' : ''}${i}` : ''}`;
    });
  it('splits typed-ahead characters, Enter included', () => {
    expect(names('jjG\r')).toEqual(['j', 'j', 'G', 'return']);
  });
  it('splits several escape sequences in one read (fast arrows over SSH)', () => {
    expect(names('\x1b[B\x1b[B\x1b[A')).toEqual(['downArrow', 'downArrow', 'upArrow']);
    expect(names('\x1b[1;2A\x1bOB\x1b[5~\x1b[6~\x1b[H\x1b[4~')).toEqual([
      'shift+upArrow',
      'downArrow',
      'pageUp',
      'pageDown',
      'home',
      'end',
    ]);
    expect(names('\x1b[Z\t')).toEqual(['shift+tab', 'tab']);
  });
  it('knows Esc, Backspace and Ctrl, and drops other control characters', () => {
    expect(names('\x1b')).toEqual(['escape']);
    expect(names('\x7f\x12\x14')).toEqual(['backspace', 'ctrl:r', 'ctrl:t']);
    // Esc and the next key in one read (a laggy link) are two keys, never Alt+key.
    expect(names('\x1bq')).toEqual(['escape', 'q']);
    expect(names('\x1b\x1b[A')).toEqual(['escape', 'upArrow']);
    expect(names('\x1b[')).toEqual(['escape', '[']);
    expect(names('a\x00\x1b[99q\u0085b')).toEqual(['a', 'b']);
    expect(names('é✓')).toEqual(['é', '✓']);
  });
});

describe('locale', () => {
  it('uses Unicode only in a UTF-8 locale', () => {
    expect(localeIsUtf8({ LANG: 'en_US.UTF-8' })).toBe(true);
    expect(localeIsUtf8({ LC_ALL: 'C', LANG: 'en_US.UTF-8' })).toBe(false);
    expect(localeIsUtf8({})).toBe(false);
  });
});

describe('wrapping instead of cutting', () => {
  it("keeps every character, breaks at spaces, and keeps a diff line's +/- on its continuation lines", async () => {
    const { wrapLines, wrapText } = await import('../../../../src/ui/format/wrap.js');
    expect(wrapText('abc def ghi', 7)).toEqual(['abc def', 'ghi']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    const lines = wrapLines(
      [{ kind: 'add', text: '+-A INPUT -m comment --comment "one two three four" -j ACCEPT' }],
      24,
    );
    expect(lines.map((l) => l.text)).toEqual([
      '+-A INPUT -m comment',
      '+  --comment "one two',
      '+  three four" -j ACCEPT',
    ]);
    for (const l of lines) expect(l.text.length).toBeLessThanOrEqual(24);
  });
});
