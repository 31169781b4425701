/** Renders the whole view on a fake source, no colours, at a chosen terminal size. */
import { render } from 'ink-testing-library';
import { noColorTheme } from '../../themes/no-color.js';
import { createAppStore } from '../../src/store/create-app-store.js';
import { App } from '../../src/ui/app.js';
import { AppTree } from '../../src/ui/run-tui.js';
import type { Theme } from '../../src/ui/theme/theme-tokens.js';
import type { FakeSource } from './fake-source.js';

export async function renderApp(source: FakeSource, size = { columns: 80, rows: 24 }, theme: Theme = noColorTheme) {
  const store = createAppStore({ source });
  await store.getState().actions.load();
  const view = render(
    <AppTree store={store} theme={theme} intervalMs={1000} utf8={true}>
      <App columns={size.columns} rows={size.rows} intervalMs={1000} />
    </AppTree>,
  );
  const frame = (): string => view.lastFrame() ?? '';
  /** Waits until the frame satisfies `test` (no fixed sleeps). */
  async function waitFor(test: (frame: string) => boolean, what: string): Promise<string> {
    for (let i = 0; i < 200; i++) {
      if (test(frame())) return frame();
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`frame never showed ${what}:\n${frame()}`);
  }
  /** Types keys and waits for the frame to change. */
  async function press(keys: string, until: (frame: string) => boolean, what: string): Promise<string> {
    view.stdin.write(keys);
    return waitFor(until, what);
  }
  return { store, view, frame, waitFor, press };
}
