import type { Theme } from '../src/ui/theme/theme-tokens.js';

/** Dark terminals (the default). */
export const defaultTheme: Theme = {
  name: 'default',
  inverseSelection: false,
  colors: {
    'text.muted': 'gray', 'header.title': 'cyanBright', 'header.accent': 'yellow', border: 'gray',
    'target.accept': 'green', 'target.drop': 'red', 'target.reject': 'magenta', 'target.jump': 'cyan',
    'target.log': 'yellow', 'row.moved': 'yellowBright', 'row.selected.fg': 'black', 'row.selected.bg': 'cyan',
    'chain.builtin': 'white', 'chain.user': 'cyan', 'status.key': 'cyanBright', 'status.error': 'redBright',
    'status.notice': 'yellow', 'search.hit': 'magentaBright',
    'staged.added': 'greenBright', 'staged.changed': 'yellowBright', 'staged.moved': 'cyanBright', 'staged.deleted': 'gray',
    'diff.add': 'green', 'diff.remove': 'red', 'diff.hunk': 'cyan',
  },
};
