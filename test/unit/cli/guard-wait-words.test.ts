/** The words a prepared guard takes from its pipe: a JSON list of strings for its own role, nothing else. */
import { describe, expect, it } from 'vitest';
import { handedWords } from '../../../src/cli/guard-wait-main.js';

const WORDS = ['/run/fwtui/0123456789abcdef', 'guard', '--host', '--backend', 'nft', '--seal', 'ab'.repeat(32)];

describe('handedWords', () => {
  it('takes the words of a guard started for its role', () => {
    expect(handedWords(JSON.stringify(WORDS), 'guard')).toEqual(WORDS);
  });
  it('refuses the words for the other role (the watcher is never made a second guard)', () => {
    expect(handedWords(JSON.stringify(WORDS), 'watcher')).toBeNull();
  });
  it('refuses what is not a short list of strings', () => {
    expect(handedWords('not json', 'guard')).toBeNull();
    expect(handedWords(JSON.stringify({ 1: 'guard' }), 'guard')).toBeNull();
    expect(handedWords(JSON.stringify([...WORDS.slice(0, 6), 7]), 'guard')).toBeNull();
    expect(handedWords(JSON.stringify([...WORDS, ...WORDS, ...WORDS]), 'guard')).toBeNull();
  });
});
