import { describe, expect, it } from 'vitest';
import { tail } from '../../../../src/ui/format/text-tail.js';

describe('the end of a typed text', () => {
  it('keeps the end in view and marks the hidden start', () => {
    expect(tail('abcdef', 4)).toBe('…def');
    expect(tail('abc', 4)).toBe('abc');
  });
});
