/**
 * Full-screen mode and its undoing. The terminal is restored on quit,
 * Ctrl-C, SIGTERM, SIGHUP and crashes; restoring twice is harmless.
 */
const ENTER = '\u001b[?1049h\u001b[H';
const LEAVE = '\u001b[?25h\u001b[?1049l';

export interface FullScreen {
  /** Leaves the alternate screen (idempotent). */
  restore(): void;
}

export function enterFullScreen(out: NodeJS.WriteStream): FullScreen {
  let active = true;
  out.write(ENTER);
  const restore = (): void => {
    if (!active) return;
    active = false;
    out.write(LEAVE);
  };
  // 'exit' runs on every way out that runs JavaScript at all, including process.exit in a crash handler.
  process.once('exit', restore);
  return { restore };
}
