/** Writing (and taking away) the boot loader fwtui offers where the system has none. */
import { readFile, rm, symlink } from 'node:fs/promises';
import { withoutRcLine, withRcLine, type LoaderInstall } from '../domain/boot/boot-script.js';
import { writeFileAtomic } from './atomic-write.js';
import { dirBelowRoot } from './below-root.js';
import { underRoot } from './boot-facts.js';

export async function installLoader(root: string, install: LoaderInstall): Promise<string[]> {
  const done: string[] = [];
  for (const f of install.files) {
    // Never through a link, never outside the root.
    const host = await dirBelowRoot(root, f.path);
    if (f.link) {
      await rm(host, { force: true });
      await symlink(f.text, host);
    } else if (f.appendLine) {
      const current = await readFile(host, 'utf8').catch(() => null);
      await writeFileAtomic(host, withRcLine(current, f.text), { mode: f.mode });
    } else await writeFileAtomic(host, f.text, { mode: f.mode });
    done.push(f.path);
  }
  return done;
}

export async function removeLoader(root: string, install: LoaderInstall): Promise<string[]> {
  const done: string[] = [];
  for (const f of install.files) {
    const host = underRoot(root, f.path);
    if (f.appendLine) {
      const current = await readFile(host, 'utf8').catch(() => null);
      if (current !== null && current !== withoutRcLine(current)) {
        await writeFileAtomic(host, withoutRcLine(current));
        done.push(`${f.path} (fwtui's line)`);
      }
      continue;
    }
    await rm(host, { force: true });
    await rm(`${host}.bak`, { force: true });
    done.push(f.path);
  }
  return done;
}
