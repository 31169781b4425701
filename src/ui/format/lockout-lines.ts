/** The lockout check's lines at the top of the commit review, wrapped so no word of them is cut off. Pure. */
import type { LockoutCheck } from '../../store/app-state.js';
import type { CommitLine, CommitLineKind } from './commit-lines.js';

/** Splits `text` into lines of at most `width` columns at spaces (a longer word is split), later lines indented. */
export function wrapWords(text: string, width: number, indent = '  '): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const room = Math.max(8, width - (out.length === 0 ? 0 : indent.length));
    const next = line === '' ? word : `${line} ${word}`;
    if (next.length <= room) {
      line = next;
      continue;
    }
    if (line !== '') out.push(line);
    line = word;
    while (line.length > room) {
      out.push(line.slice(0, room));
      line = line.slice(room);
    }
  }
  out.push(line);
  return out.map((l, i) => (i === 0 ? l : `${indent}${l}`));
}

const wrapped = (kind: CommitLineKind, text: string, width: number, indent = '  '): CommitLine[] =>
  wrapWords(text, width, indent).map((t) => ({ kind, text: t }));

/**
 * What the check found: its warnings first, with whom fwtui checked; or, with
 * none, only what was established ("SSH stays open.", "SSH is already blocked
 * by …", "uncertain: …"), never "stays open" by default.
 */
export function lockoutLines(check: LockoutCheck | undefined, width: number): CommitLine[] {
  if (!check || check.state === 'checking') return [];
  if (check.warnings.length === 0) {
    const said = check.summary ?? [];
    if (!check.who && said.length === 0) return [];
    const [first = '', ...rest] = said;
    const kind = (t: string): CommitLineKind => (t.endsWith('SSH stays open.') ? 'file' : 'warning');
    return [
      ...wrapped(kind(first), `Lockout check: ${check.who ? `${check.who}: ` : ''}${first}`, width),
      ...rest.flatMap((t) => wrapped(kind(t), `  ${t}`, width, '    ')),
      { kind: 'blank', text: '' },
    ];
  }
  return [
    ...wrapped('warning', `THESE RULES MAY LOCK YOU OUT (${check.who || 'lockout check'}):`, width),
    ...check.warnings.flatMap((text) => wrapped('warning', `  ${text}`, width, '    ')),
    { kind: 'blank', text: '' },
  ];
}
