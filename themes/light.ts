import type { Theme } from '../src/ui/theme/theme-tokens.js';

/** Light terminal backgrounds: darker foregrounds. */
export const lightTheme: Theme = {
  name: 'light',
  inverseSelection: false,
  colors: {
    'text.muted': 'gray', 'header.title': 'blue', 'header.accent': 'magenta', border: 'gray',
    'target.accept': 'green', 'target.drop': 'red', 'target.reject': 'magenta', 'target.jump': 'blue',
    'target.log': '#8a6d00', 'row.moved': '#b35900', 'row.selected.fg': 'white', 'row.selected.bg': 'blue',
    'chain.builtin': 'black', 'chain.user': 'blue', 'status.key': 'blue', 'status.error': 'red',
    'status.notice': '#8a6d00', 'search.hit': 'magenta',
    'staged.added': 'green', 'staged.changed': '#8a6d00', 'staged.moved': 'blue', 'staged.deleted': 'gray',
    'diff.add': 'green', 'diff.remove': 'red', 'diff.hunk': 'blue',
  },
};
