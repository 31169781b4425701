/** A saved file holds no IP sets: its source refuses set changes, clearly, and writes nothing. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSource } from '../../../../src/app/sources/firewall-sources.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { parseIpsetSave } from '../../../../src/domain/sets/parse-ipset.js';

const TEXT = '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n';

describe('file source and sets', () => {
  it('refuses set changes with a clear message; the file is not written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fwtui-file-sets-'));
    try {
      const path = join(dir, 'rules.v4');
      await writeFile(path, TEXT);
      const source = fileSource(path, parseSave(TEXT, { family: 'ipv4' }));
      const staged = parseIpsetSave('create bl hash:net family inet\nadd bl 192.0.2.0/24\n')[0]!;
      await expect(source.commit([], [{ name: 'bl', basis: null, staged }])).rejects.toThrow(
        `IP sets live in the kernel, not in ${path}: set changes need the live firewall`,
      );
      expect(await readFile(path, 'utf8')).toBe(TEXT);
      // No set change at all (a plan whose basis is what is staged) is no reason to refuse.
      await expect(source.commit([], [{ name: 'bl', basis: staged, staged }])).resolves.toMatchObject({
        kind: 'applied',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
