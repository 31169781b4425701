/** Which theme the view uses: chosen before the view (and Ink) loads, so a wrong name is said at once. */
import { THEMES } from '../../../themes/index.js';
import { terminalShowsAttributes } from '../terminal/terminal-caps.js';
import type { Theme } from './theme-tokens.js';

/**
 * The theme for --theme NAME and NO_COLOR; null for an unknown name. Where the terminal shows no
 * attributes at all (TERM=dumb, ...), the selection also gets a text marker.
 */
export function chooseTheme(name: string | undefined, env: NodeJS.ProcessEnv): Theme | null {
  const theme = name !== undefined ? THEMES[name] : env.NO_COLOR ? THEMES['no-color']! : THEMES.default!;
  if (!theme) return null;
  return terminalShowsAttributes(env) ? theme : { ...theme, selectionMarker: true };
}

export const THEME_NAMES = Object.keys(THEMES);
