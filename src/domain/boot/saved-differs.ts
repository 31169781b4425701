/** What the S question says differs: the running rules (or IP sets) from what is saved for boot. Pure. */
import { familyLabel } from '../model/family-label.js';
import type { SavedFamilyDiff } from '../ports/firewall-source.js';

/**
 * ` (the running IPv4 and IPv6 rules differ from the saved ones)`, ` (they already match)` when nothing differs,
 * '' while the comparison has not answered (null). `diffs` holds only what differs (BootPort.diff).
 */
export function savedDiffersWords(diffs: readonly SavedFamilyDiff[] | null): string {
  if (diffs === null) return '';
  if (diffs.length === 0) return ' (they already match)';
  const families = diffs.flatMap((d) => (d.family === 'sets' ? [] : [familyLabel(d.family)]));
  const subject = [
    families.length > 0 ? `${families.join(' and ')} rules` : null,
    diffs.some((d) => d.family === 'sets') ? 'IP sets' : null,
  ].filter((s) => s !== null);
  return ` (the running ${subject.join(' and ')} differ from the saved ones)`;
}
