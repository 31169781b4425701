import type { Theme } from '../src/ui/theme/theme-tokens.js';

/** No colours at all (NO_COLOR, monochrome consoles, tests): selection in inverse video, moved rows in bold. */
export const noColorTheme: Theme = { name: 'no-color', inverseSelection: true, colors: {} };
