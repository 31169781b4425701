/**
 * What a commit left in the kernel, kept next to the saved copy
 * (`after-FAMILY.rules`, the touched chains as read right after the write):
 * with it a revert tells the commit's own rules from rules other programs
 * added to the same chains during the window, and keeps the latter.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { FreshTable } from '../../domain/commit/commit-plan.js';
import { parseSave } from '../../domain/text/parse-save.js';
import { renderTable } from '../../domain/text/render-save.js';
import type { SavedTable } from '../../domain/commit/revert-plan.js';
import type { Chain, Family } from '../../domain/model/ruleset.js';
import { readCopy } from './state-dir.js';

export const writtenPath = (dir: string, family: Family): string => join(dir, `after-${family}.rules`);

/** Names (after the commit) of the chains a saved table covers. */
const namesAfter = (s: SavedTable): Set<string> => {
  const renamed = new Map(s.renamed.map(([from, to]) => [from, to]));
  return new Set([...s.chains.map((c) => renamed.get(c.name) ?? c.name), ...s.created]);
};

/** Writes the copies from the read taken right after the commit (new files, 0600, never through a link). */
export async function saveWritten(
  dir: string,
  saved: readonly SavedTable[],
  fresh: readonly FreshTable[],
): Promise<void> {
  const texts = new Map<Family, string>();
  for (const s of saved) {
    const table = fresh.find((f) => f.family === s.family && f.table.name === s.table)?.table;
    if (!table) continue;
    const names = namesAfter(s);
    const text = renderTable({ name: s.table, chains: table.chains.filter((c) => names.has(c.name)) });
    texts.set(s.family, (texts.get(s.family) ?? '') + text);
  }
  for (const [family, text] of texts) {
    const fh = await open(
      writtenPath(dir, family),
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o600,
    );
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
}

/** The saved tables with what the commit wrote attached; as they were when there is no (readable) copy. */
export function withWritten(dir: string, saved: readonly SavedTable[]): SavedTable[] {
  const parsed = new Map<Family, ReturnType<typeof parseSave> | null>();
  for (const family of new Set(saved.map((s) => s.family))) {
    try {
      // Only a regular file of ours, never through a link, within the copies' size limit.
      parsed.set(family, parseSave(readCopy(writtenPath(dir, family)), { family }));
    } catch {
      parsed.set(family, null);
    }
  }
  return saved.map((s) => {
    const table = parsed.get(s.family)?.tables.find((t) => t.name === s.table);
    const written: Chain[] | undefined = table ? [...table.chains] : undefined;
    return written ? { ...s, written } : s;
  });
}
