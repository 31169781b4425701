import { TwoGenerationCache } from './two-generation-cache.js';

/**
 * `measure` (string-width) remembered per text. Ink measures every text on screen on every frame (the widest line
 * of each Text, each character of the output), and string-width segments graphemes with Intl.Segmenter: at 200x50
 * that was most of a keypress's time. Widths never change for the same text, so the answer is exact.
 */
export function cachedWidth<O>(
  measure: (text: string, options?: O) => number,
): ((text: string, options?: O) => number) & { readonly cache: TwoGenerationCache<number> } {
  const cache = new TwoGenerationCache<number>(20_000);
  const width = (text: string, options?: O): number =>
    options === undefined ? cache.get(text, measure) : measure(text, options);
  return Object.assign(width, { cache });
}
