/** CI services whose logs show colours (chalk 5.6 supports-color). */
const CI_WITH_COLOUR = [
  'GITHUB_ACTIONS',
  'GITEA_ACTIONS',
  'CIRCLECI',
  'TRAVIS',
  'APPVEYOR',
  'GITLAB_CI',
  'BUILDKITE',
  'DRONE',
];
const KNOWN_TERM = /^screen|^xterm|^vt100|^vt220|^rxvt|color|ansi|cygwin|linux/i;

/**
 * Whether Ink will write any text attribute (inverse, bold, colour) to this terminal. Ink styles
 * text through chalk 5, whose supports-color writes no escape code at all when it finds no colour
 * support (TERM=dumb, no TERM, CI, an unknown TERM): then only text can show the selection.
 * This mirrors chalk 5.6's decision for a terminal (stdout is a TTY in the view). Pure.
 */
export function terminalShowsAttributes(env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== 'false' && force !== '0';
  const term = env.TERM ?? '';
  if (term === 'dumb') return false;
  if ('TF_BUILD' in env && 'AGENT_NAME' in env) return true;
  if ('CI' in env) return CI_WITH_COLOUR.some((k) => k in env) || env.CI_NAME === 'codeship';
  if ('TEAMCITY_VERSION' in env) return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION ?? '');
  if (env.COLORTERM === 'truecolor' || ['xterm-kitty', 'xterm-ghostty', 'wezterm'].includes(term)) return true;
  if (env.TERM_PROGRAM === 'iTerm.app' || env.TERM_PROGRAM === 'Apple_Terminal') return true;
  if (/-256(color)?$/i.test(term) || KNOWN_TERM.test(term)) return true;
  return 'COLORTERM' in env;
}
