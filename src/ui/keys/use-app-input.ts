/** Keys -> the active mode's key map (src/ui/keys/modes.ts), one key at a time. */
import { useApp, useStdin, type Key } from 'ink';
import { useEffect } from 'react';
import type { AppStore } from '../../store/create-app-store.js';
import { dispatchKey } from './key-binding.js';
import { parseKeys } from './keys.js';
import { activeMode } from './modes.js';
import { useStoreApi } from '../store-context.js';

/**
 * Handles one key against the state as it is now. `pasted`: the key came with others in one read
 * (a line break in a paste of commands is not Enter).
 */
export function handleKey(input: string, key: Key, s: AppStore, page: number, exit: () => void, pasted = false): void {
  dispatchKey(activeMode(s), input, key, { s, a: s.actions, page, exit, pasted, input });
}

/** Wires keyboard input to the store, one key at a time. `page` is how many rules one PgUp/PgDn moves. */
export function useAppInput(page: number): void {
  const store = useStoreApi();
  const { exit } = useApp();
  const { setRawMode, stdin } = useStdin();
  useEffect(() => {
    setRawMode(true);
    // Ink reads stdin on 'readable'; each chunk it reads is also emitted as 'data' (public stream API), whole:
    // parseKeys splits it, so an Esc and the key after it in one read stay Esc, then that key.
    const onInput = (chunk: string | Buffer): void => {
      const keys = parseKeys(String(chunk));
      for (const [input, key] of keys) handleKey(input, key, store.getState(), page, exit, keys.length > 1);
    };
    stdin.on('data', onInput);
    return () => {
      stdin.removeListener('data', onInput);
      setRawMode(false);
    };
  }, [store, exit, setRawMode, stdin, page]);
}
