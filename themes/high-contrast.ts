import type { Theme } from '../src/ui/theme/theme-tokens.js';

/** Maximum contrast: bright colours only, selection in inverse video. */
export const highContrastTheme: Theme = {
  name: 'high-contrast',
  inverseSelection: true,
  colors: {
    'text.primary': 'whiteBright', 'text.muted': 'white', 'header.title': 'whiteBright', 'header.accent': 'yellowBright',
    border: 'whiteBright', 'target.accept': 'greenBright', 'target.drop': 'redBright', 'target.reject': 'magentaBright',
    'target.jump': 'cyanBright', 'target.log': 'yellowBright', 'row.moved': 'yellowBright', 'chain.builtin': 'whiteBright',
    'chain.user': 'cyanBright', 'status.key': 'yellowBright', 'status.error': 'redBright', 'status.notice': 'yellowBright',
    'search.hit': 'magentaBright',
    'staged.added': 'greenBright', 'staged.changed': 'yellowBright', 'staged.moved': 'cyanBright', 'staged.deleted': 'white',
    'diff.add': 'greenBright', 'diff.remove': 'redBright', 'diff.hunk': 'cyanBright',
  },
};
