/**
 * The terminal's size for the view. The size is watched from before Ink renders (`watchTerminalSize` in run-tui):
 * its 'resize' listener then runs before Ink's and renders the view at the new size at once. Otherwise Ink's own
 * resize render drew the old, wider frame into the narrower terminal, which wrapped its lines and scrolled the
 * header off the screen for good (a new admin's tryout: 199 -> 195 columns).
 */
import { useStdout } from 'ink';
import { createContext, useContext, useEffect, useMemo, useSyncExternalStore } from 'react';

type Size = { columns: number; rows: number };

/** The size, read when it changes. */
export interface TerminalSizeSource {
  get(): Size;
  subscribe(onChange: () => void): () => void;
  stop(): void;
}

function sizeOf(stdout: NodeJS.WriteStream): Size {
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}

/**
 * Follows `stdout`'s size from now on (its listener comes before any added later, e.g. Ink's); `changed` runs after
 * the subscribers are told (run-tui renders the view there, synchronously: React would otherwise render after Ink).
 */
export function watchTerminalSize(stdout: NodeJS.WriteStream, changed: () => void = () => {}): TerminalSizeSource {
  let size = sizeOf(stdout);
  const listeners = new Set<() => void>();
  const onResize = (): void => {
    const next = sizeOf(stdout);
    if (next.columns === size.columns && next.rows === size.rows) return;
    size = next;
    for (const l of listeners) l();
    changed();
  };
  stdout.on('resize', onResize);
  return {
    get: () => size,
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    stop: () => stdout.off('resize', onResize),
  };
}

/** The source run-tui made before Ink; null in tests that render without it. */
export const TerminalSizeContext = createContext<TerminalSizeSource | null>(null);

/** Terminal columns and rows, following resizes. @default 80x24 when not a terminal */
export function useTerminalSize(): Size {
  const { stdout } = useStdout();
  const given = useContext(TerminalSizeContext);
  const source = useMemo(() => given ?? watchTerminalSize(stdout), [given, stdout]);
  useEffect(() => (given ? undefined : () => source.stop()), [given, source]);
  return useSyncExternalStore(source.subscribe, source.get);
}
