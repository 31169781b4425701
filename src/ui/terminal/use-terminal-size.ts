/**
 * The terminal's size for the view. run-tui watches it from before Ink draws (`watchTerminalSize`): its 'resize'
 * listener goes before every other one (Ink's, the cell diff writer's), so a resize clears the screen and renders the
 * view at the new size before Ink draws anything (`redrawWhole` in full-redraw.ts). Otherwise Ink drew the old, wider
 * frame into the narrower terminal, which wrapped its lines and scrolled the header off the screen for good (a new
 * admin's tryout: 199 -> 195 columns).
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
 * Follows `stdout`'s size from now on, told before any other 'resize' listener; `changed` runs after the subscribers
 * are told (run-tui clears and renders the view there, synchronously: React would otherwise render after Ink drew).
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
  stdout.prependListener('resize', onResize);
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
