/** Starts the interactive view: theme, store, polling, full screen; resolves when the admin quits. */
import type { ReactNode } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { AppStore } from '../store/create-app-store.js';
import { startLiveUpdates } from '../store/live-updates.js';
import { App } from './app.js';
import { asciiOutput } from './terminal/ascii-output.js';
import { cellDiffOutput } from './terminal/cell-diff-writer.js';
import { glyphsFor, localeIsUtf8 } from './terminal/charset.js';
import { GlyphsContext } from './terminal/glyphs-context.js';
import { StoreProvider } from './store-context.js';
import { renderFollowingSize } from './terminal/full-redraw.js';
import { enterFullScreen } from './terminal/terminal.js';
import { ThemeProvider } from './theme/theme-context.js';
import type { Theme } from './theme/theme-tokens.js';
import { useTerminalSize } from './terminal/use-terminal-size.js';

export interface TuiOptions {
  store: StoreApi<AppStore>;
  theme: Theme;
  intervalMs: number;
  utf8: boolean;
  /** Ink's own bytes (whole changed lines) instead of only the changed cells (FWTUI_PLAIN_OUTPUT=1). */
  plainOutput?: boolean;
  /** Aborted by SIGTERM or SIGHUP (listened for from fwtui's start): the view ends, or is never drawn. */
  ending?: AbortSignal;
}

export { chooseTheme, THEME_NAMES } from './theme/choose-theme.js';

function Root({ intervalMs }: { intervalMs: number }) {
  const { columns, rows } = useTerminalSize();
  // Ink clears the whole screen on every update when the frame is as tall as the terminal:
  // leave the last line free so a refresh rewrites only the lines that changed.
  return <App columns={columns} rows={Math.max(4, rows - 1)} intervalMs={intervalMs} />;
}

/** The whole tree with its providers; also what the view tests render. */
export function AppTree({ store, theme, intervalMs, utf8, children }: TuiOptions & { children?: ReactNode }) {
  return (
    <StoreProvider store={store}>
      <ThemeProvider theme={theme}>
        <GlyphsContext.Provider value={glyphsFor(utf8)}>
          {children ?? <Root intervalMs={intervalMs} />}
        </GlyphsContext.Provider>
      </ThemeProvider>
    </StoreProvider>
  );
}

/**
 * Resolves once `loading` settles or the event loop has turned once, whichever comes first: a read already in
 * (the first read starts before the view loads) is shown by the first frame, and one still running does not hold
 * the view back ("Reading the firewall…" shows meanwhile).
 */
export function loadedOrNextTurn(loading: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(resolve);
    loading.then(resolve, resolve);
  });
}

export async function runTui(options: TuiOptions): Promise<void> {
  const screen = enterFullScreen(process.stdout);
  const loading = options.store.getState().actions.load();
  // At 1k or 10k rules the read is in by now: no "Reading the firewall…" frame drawn for nothing.
  await loadedOrNextTurn(loading);
  const onSignal = (): void => instance.unmount();
  let stopUpdates = (): void => {};
  // Only the cells a refresh changes reach the terminal (a serial console at 9600 baud is the yardstick).
  // The full screen starts with the cursor at the top left.
  const wire = options.plainOutput ? process.stdout : cellDiffOutput(process.stdout, { row: 0, col: 0 });
  // A resize clears the screen and draws the view whole at the new size, before Ink's own resize draw.
  const { instance, stop: stopSize } = renderFollowingSize(<AppTree {...options} />, process.stdout, {
    // Not UTF-8 (LANG=C): not one non-ASCII byte reaches the terminal.
    stdout: options.utf8 ? wire : asciiOutput(wire),
    exitOnCtrlC: true,
    patchConsole: false,
    // Only changed lines are rewritten (then only their changed cells, above).
    // Correct in ink 6.6.0 (broken in 6.7-6.8), which package.json pins.
    incrementalRendering: true,
    maxFps: 60,
  });
  // Without one's own listener, a SIGTERM while execa's children ran was swallowed by its exit hook (signal-exit
  // counts listeners): fwtui listens from its start (`ending`) and ends the view here.
  // The terminal gone (SSH died): reading it fails with EIO. SIGHUP ends the view; the way out must still run
  // (the listener stays: an EIO can come after the view).
  const terminalGone = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EIO') throw error;
  };
  process.stdin.on('error', terminalGone);
  const ending = options.ending;
  if (ending?.aborted) onSignal();
  ending?.addEventListener('abort', onSignal);
  if (!ending) {
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
  }
  const exit = instance.waitUntilExit();
  let exited = false;
  exit.then(
    () => (exited = true),
    () => (exited = true),
  );
  try {
    // A SIGTERM (or q) while the first read still runs ends the view: live updates then never start (their
    // monitor and poller kept fwtui running after its view had gone, until killed).
    await Promise.race([loading, exit]);
    if (!exited && options.store.getState().live)
      stopUpdates = startLiveUpdates(options.store, { intervalMs: options.intervalMs });
    await exit;
  } finally {
    stopUpdates();
    stopSize();
    ending?.removeEventListener('abort', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    screen.restore();
  }
}

export { localeIsUtf8 };
