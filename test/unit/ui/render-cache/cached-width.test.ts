import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { cachedWidth } from '../../../../src/ui/render-cache/cached-width.js';
import { TwoGenerationCache } from '../../../../src/ui/render-cache/two-generation-cache.js';

describe('cachedWidth', () => {
  it('answers as string-width does, measuring each text once', () => {
    let calls = 0;
    const width = cachedWidth((text: string) => {
      calls++;
      return stringWidth(text);
    });
    for (const text of ['abc', '\u001b[31mred\u001b[39m', '界界', 'abc', '界界'])
      expect(width(text)).toBe(stringWidth(text));
    expect(calls).toBe(3);
  });

  it('does not remember answers given with options (they may differ per option)', () => {
    let calls = 0;
    const width = cachedWidth((text: string, options?: { ambiguousIsNarrow: boolean }) => {
      calls++;
      return stringWidth(text, options);
    });
    width('±', { ambiguousIsNarrow: false });
    width('±', { ambiguousIsNarrow: true });
    expect(calls).toBe(2);
  });
});

describe('TwoGenerationCache', () => {
  it('keeps what the last two generations used, and no more', () => {
    const cache = new TwoGenerationCache<number>(2);
    let made = 0;
    const get = (key: string) => cache.get(key, () => ++made);
    get('a');
    get('b');
    get('c'); // a, b become the previous generation
    get('a'); // still known
    expect(made).toBe(3);
    get('d');
    get('e'); // two generations on: b was not used since
    get('b');
    expect(made).toBe(6);
    expect(cache.size).toBeLessThanOrEqual(4);
  });
});
