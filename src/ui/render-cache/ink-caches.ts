/**
 * What the bundle puts into Ink (scripts/ink-speed.mjs): string-width remembered per text, and an Output that
 * builds only the rows a frame changed. Nothing in src imports this module; the bundle's plugin does.
 */
export { cachedWidth } from './cached-width.js';
export { rowCachedOutput } from './row-cached-output.js';
