/** BootFacts over the real filesystem, below `root` (`/`, or --root DIR for images and chroots). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BootFacts } from '../domain/boot/boot-loader.js';

/** The host path of `path` inside `root`. */
export const underRoot = (root: string, path: string): string => join(root, path);

export function bootFacts(root: string): BootFacts {
  return {
    read(path) {
      try {
        return readFileSync(underRoot(root, path), 'utf8');
      } catch {
        return null;
      }
    },
    exists: (path) => existsSync(underRoot(root, path)),
    list(dir) {
      try {
        return readdirSync(underRoot(root, dir));
      } catch {
        return [];
      }
    },
  };
}
