/**
 * Writes fwtui.1, fwtui.bash and the zsh function _fwtui into a directory (run by scripts/docs.mjs at release time).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { THEMES } from '../../../themes/index.js';
import { bashCompletion } from './bash-completion.js';
import { manPage } from './man-page.js';
import { zshCompletion } from './zsh-completion.js';

/** Returns the paths written. */
export function writeDocsTo(dir: string, version: string, date: string): string[] {
  const man = join(dir, 'fwtui.1');
  const bash = join(dir, 'fwtui.bash');
  writeFileSync(man, manPage(version, date));
  const zsh = join(dir, '_fwtui');
  writeFileSync(bash, bashCompletion(Object.keys(THEMES)));
  writeFileSync(zsh, zshCompletion(Object.keys(THEMES)));
  return [man, bash, zsh];
}
