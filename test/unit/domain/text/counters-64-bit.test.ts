/**
 * Counters are 64-bit (up to 2^64-1). A 100k-rule read checks every rule's `[packets:bytes]`, so only numbers of
 * 20 digits or more are compared against 2^64-1 (fitsU64): shorter ones always fit.
 */
import { describe, expect, it, vi } from 'vitest';
import { ParseError } from '../../../../src/domain/text/parse-error.js';

vi.mock(import('../../../../src/domain/model/saved-rule.js'), async (original) => {
  const actual = await original();
  const fitsU64: typeof actual.fitsU64 = (digits) => actual.fitsU64(digits);
  return { ...actual, fitsU64: vi.fn(fitsU64) };
});
const { fitsU64 } = await import('../../../../src/domain/model/saved-rule.js');
const { parseSave } = await import('../../../../src/domain/text/parse-save.js');

/** The numbers compared against 2^64-1 while reading `counters` on a chain and on a rule. */
function compared(counters: string): string[] {
  vi.mocked(fitsU64).mockClear();
  parseSave(`*filter\n:INPUT ACCEPT ${counters}\n${counters} -A INPUT -j DROP\nCOMMIT\n`);
  return vi.mocked(fitsU64).mock.calls.map(([digits]) => digits);
}

describe('64-bit counters', () => {
  it('compares no number of up to 19 digits', () => {
    expect(compared('[1234567890123456789:1234567890123456789]')).toEqual([]);
    expect(compared('[123456789012345678:1]')).toEqual([]);
    expect(compared('[1:123456789012345678]')).toEqual([]);
  });

  it('compares numbers of 20 digits, packets and bytes alike', () => {
    const max = '18446744073709551615';
    expect(compared(`[${max}:1]`)).toEqual([max, max]);
    expect(compared(`[1:${max}]`)).toEqual([max, max]);
    expect(compared(`[00000000000000000001:${max}]`)).toEqual([
      '00000000000000000001',
      max,
      '00000000000000000001',
      max,
    ]);
  });

  it('refuses 2^64 in packets or bytes, naming the line', () => {
    expect(() => compared('[18446744073709551616:0]')).toThrow(
      new ParseError(2, 'counters "[18446744073709551616:0]" exceed 64 bits'),
    );
    expect(() => compared('[0:18446744073709551616]')).toThrow(
      new ParseError(2, 'counters "[0:18446744073709551616]" exceed 64 bits'),
    );
  });
});
