import { createContext, useContext, type ReactNode } from 'react';
import { noColorTheme } from '../../../themes/no-color.js';
import type { Theme, Token } from './theme-tokens.js';

const ThemeContext = createContext<Theme>(noColorTheme);

/** Provides the theme to every component below. */
export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

/** The current theme and a lookup of one token's colour. */
export function useTheme(): { theme: Theme; color: (token: Token) => string | undefined } {
  const theme = useContext(ThemeContext);
  return { theme, color: (token) => theme.colors[token] };
}
