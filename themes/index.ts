import type { Theme } from '../src/ui/theme/theme-tokens.js';
import { defaultTheme } from './default.js';
import { highContrastTheme } from './high-contrast.js';
import { lightTheme } from './light.js';
import { noColorTheme } from './no-color.js';

/** Every theme by the name `--theme` takes. */
export const THEMES: Readonly<Record<string, Theme>> = {
  default: defaultTheme,
  light: lightTheme,
  'high-contrast': highContrastTheme,
  'no-color': noColorTheme,
};
