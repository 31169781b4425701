/**
 * Boot files stay the admin's: saving never follows a symbolic link (the file
 * itself or any directory below the root), never writes outside the root, and
 * does not keep the owner and mode of a file root does not own. Real files in
 * a temporary root; needs root (chown), as CI runs.
 */
import { existsSync } from 'node:fs';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BootLoader } from '../../../src/domain/boot/boot-loader.js';
import { emptyTable } from '../../../src/domain/model/ruleset.js';
import { saveBoot, SaveError } from '../../../src/persist/save-boot.js';
import { describeSave } from '../../../src/app/boot/boot-saving.js';

const LOADER: BootLoader = {
  kind: 'netfilter-persistent',
  name: 'netfilter-persistent',
  files: { ipv4: '/etc/iptables/rules.v4', ipv6: null },
  mode: 0o640,
  counters: false,
  backup: '.bak',
  enabled: true,
  warnings: [],
};
const NOBODY = 65534;
const SHADOW_GID = 42;
const asRoot = process.getuid?.() === 0;

describe.runIf(asRoot || process.env.FWTUI_STRICT_TESTS)(
  "saving never follows links nor keeps a stranger's owner",
  () => {
    let base: string;
    let root: string;
    let outside: string;
    const save = () =>
      saveBoot({
        root,
        loader: LOADER,
        includeOwned: false,
        rulesets: [{ family: 'ipv4', tables: [emptyTable('filter')], warnings: [] }],
        check: async () => null,
        stamp: 'test',
      });
    beforeEach(async () => {
      base = await mkdtemp(join(tmpdir(), 'fwtui-links-'));
      root = join(base, 'root');
      outside = join(base, 'outside');
      await mkdir(join(root, 'etc/iptables'), { recursive: true });
      await mkdir(outside, { recursive: true });
    });
    afterEach(async () => rm(base, { recursive: true, force: true }));

    it(
      'rules.v4 linked to a nobody-owned 0666 file: ' + 'refused, target untouched, no world-writable boot file',
      async () => {
        const target = join(root, 'var-tmp-rules');
        await writeFile(target, 'old\n');
        await chown(target, NOBODY, NOBODY);
        await chmod(target, 0o666);
        await symlink(target, join(root, 'etc/iptables/rules.v4'));
        await expect(save()).rejects.toThrow(SaveError);
        await expect(save()).rejects.toThrow(/rules\.v4 is a symbolic link.*nothing was saved/);
        expect(await readFile(target, 'utf8')).toBe('old\n');
        expect((await lstat(join(root, 'etc/iptables/rules.v4'))).isSymbolicLink()).toBe(true);
        expect(existsSync(join(root, 'etc/iptables/rules.v4.bak'))).toBe(false);
      },
    );

    it('rules.v4 linked to a root:shadow 0640 decoy: not copied to rules.v4.bak, its group not taken', async () => {
      const decoy = join(outside, 'shadow');
      await writeFile(decoy, 'root:$y$secret:19000:0:99999:7:::\n');
      await chown(decoy, 0, SHADOW_GID);
      await chmod(decoy, 0o640);
      await symlink(decoy, join(root, 'etc/iptables/rules.v4'));
      await expect(save()).rejects.toThrow(/is a symbolic link/);
      expect(existsSync(join(root, 'etc/iptables/rules.v4.bak'))).toBe(false);
      expect(await readlink(join(root, 'etc/iptables/rules.v4'))).toBe(decoy);
    });

    it('etc/iptables linked outside the root: refused, nothing written outside', async () => {
      await rm(join(root, 'etc/iptables'), { recursive: true });
      await symlink(outside, join(root, 'etc/iptables'));
      await expect(save()).rejects.toThrow(/etc\/iptables is a symbolic link/);
      expect(existsSync(join(outside, 'rules.v4'))).toBe(false);
    });

    it('etc linked outside the root while etc/iptables does not exist yet: nothing created outside', async () => {
      await rm(join(root, 'etc'), { recursive: true });
      await symlink(outside, join(root, 'etc'));
      await expect(save()).rejects.toThrow(/\/etc is a symbolic link/);
      expect(existsSync(join(outside, 'iptables'))).toBe(false);
    });

    it("a rules.v4 not owned by root is not kept: root-owned with the loader's mode, and a warning", async () => {
      const file = join(root, 'etc/iptables/rules.v4');
      await writeFile(file, 'old\n');
      await chown(file, NOBODY, NOBODY);
      await chmod(file, 0o666);
      const result = await save();
      const st = await stat(file);
      expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([0, 0, 0o640]);
      expect(await readFile(file, 'utf8')).toContain('*filter');
      const bak = await stat(`${file}.bak`);
      expect(bak.mode & 0o077 & ~0o040).toBe(0);
      expect(result.warnings).toEqual([
        `${root}/etc/iptables/rules.v4 was owned by uid 65534 (mode 0666), not root: ` +
          "its owner and mode were not kept; it is now root's, mode 0640",
      ]);
      // The save's message carries it, with the real path written.
      expect(describeSave(result, LOADER, root)).toContain(
        `Saved IPv4 to ${root}/etc/iptables/rules.v4 (previous kept as`,
      );
      expect(describeSave(result, LOADER, root)).toContain(
        `\nWarning: ${root}/etc/iptables/rules.v4 was owned by uid 65534`,
      );
    });

    it('a root-owned rules.v4 keeps its own mode and group', async () => {
      const file = join(root, 'etc/iptables/rules.v4');
      await writeFile(file, 'old\n');
      await chown(file, 0, 4);
      await chmod(file, 0o600);
      const result = await save();
      const st = await stat(file);
      expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([0, 4, 0o600]);
      expect(result.warnings).toEqual([]);
      expect(await readFile(`${file}.bak`, 'utf8')).toBe('old\n');
    });
  },
);
