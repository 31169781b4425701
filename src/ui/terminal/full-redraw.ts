/**
 * A whole new frame after a resize, as curses does on SIGWINCH. Whatever the terminal did with the old frame (cut its
 * lines, re-wrapped them, moved the cursor), the screen is cleared and drawn again from the top left at the new size,
 * before Ink's own resize draw. Otherwise Ink drew the old, wider frame into the narrower terminal (its lines wrapped
 * and scrolled the header away) and its incremental update then erased by the old frame's line count: the header was
 * gone and rows doubled until the header itself changed (a new admin's tryout in tmux, 199 -> 195 columns).
 */
import { Box, type Instance, type RenderOptions, render } from 'ink';
import { createElement, type ReactNode } from 'react';
import { TerminalSizeContext, watchTerminalSize } from './use-terminal-size.js';

/** Erase the whole screen, cursor to the top left (absolute: the cell diff writer knows the place after it). */
export const CLEAR_SCREEN = '\u001b[2J\u001b[H';

/** What of Ink's instance a redraw uses (`render`'s result). */
export interface InkFrames {
  /** Ink's log forgets the frame on screen: its next frame is written whole, not as changed lines. */
  clear(): void;
  /** Renders the tree at once (synchronously). */
  rerender(tree: ReactNode): void;
}

/** The view, or (while a resize clears the screen) nothing: the same element, so the view keeps its state. */
function Shown({ shown, children }: { shown: boolean; children?: ReactNode }) {
  return createElement(Box, { display: shown ? 'flex' : 'none', flexDirection: 'column' }, children);
}

/** `tree` shown or hidden (see Shown). */
export const framed = (tree: ReactNode, shown: boolean): ReactNode => createElement(Shown, { shown }, tree);

/**
 * Clears the screen through `out` (Ink's stdout, so a writer in between starts its model again from a blank screen)
 * and draws `tree` whole at the new size. Call it before Ink's own 'resize' listener runs. The view is first hidden
 * (an empty frame, also what Ink's own resize draw then draws: never the old, wider frame), then shown again once
 * Ink's listener ran: its frame then always differs from the last one Ink wrote, so Ink writes it, even when its text
 * does not depend on the width (the first screen's "Reading the firewall…" after a wider terminal stayed blank).
 * @returns a stop for the pending show (on unmount)
 */
export function redrawWhole(ink: InkFrames, out: NodeJS.WriteStream, tree: ReactNode): () => void {
  ink.clear();
  out.write(CLEAR_SCREEN);
  ink.rerender(framed(tree, false));
  const show = setImmediate(() => ink.rerender(framed(tree, true)));
  return () => clearImmediate(show);
}

/**
 * Ink's `render` of `app` for the view: `terminal` is the real terminal (its size and resize events), `options.stdout`
 * what Ink writes to (the terminal itself or a writer in front of it). The size reaches the view through
 * `TerminalSizeContext`; on a resize the screen is cleared and the view drawn whole at the new size (redrawWhole).
 * `stop` ends the watch (after Ink has unmounted).
 */
export function renderFollowingSize(
  app: ReactNode,
  terminal: NodeJS.WriteStream,
  options: RenderOptions & { stdout: NodeJS.WriteStream },
): { instance: Instance; stop: () => void } {
  let redraw = (): void => {};
  let pending = (): void => {};
  // Told before Ink's own listener, which render() adds below.
  const size = watchTerminalSize(terminal, () => redraw());
  const tree = createElement(TerminalSizeContext.Provider, { value: size }, app);
  const instance = render(framed(tree, true), options);
  redraw = () => {
    pending();
    pending = redrawWhole(instance, options.stdout, tree);
  };
  return {
    instance,
    stop: () => {
      pending();
      size.stop();
    },
  };
}
