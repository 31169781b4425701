import type { Token } from './theme-tokens.js';

/** The colour token of a target: what it does to the packet. */
export function targetToken(target: string, isUserChain: boolean): Token {
  if (target === 'ACCEPT') return 'target.accept';
  if (target === 'DROP') return 'target.drop';
  if (target === 'REJECT') return 'target.reject';
  if (target === 'LOG' || target === 'NFLOG') return 'target.log';
  if (isUserChain || target === 'RETURN') return 'target.jump';
  return 'target.other';
}
