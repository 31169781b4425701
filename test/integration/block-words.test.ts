/**
 * `fwtui block`'s words on real ipset (#17): "1 bad line", the addresses already in the set named, the keep
 * question naming what it keeps when only a set changes, and the revert saying the set was put back.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateRoot } from '../../src/app/state/state-dir.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();

describe.runIf(available)('fwtui block says what it does', () => {
  let ns: TestNetns;
  let dir: string;
  const target = (): string[] => ['--netns', ns.name, '--backend', 'nft'];
  beforeAll(async () => {
    ns = await createNetns();
    dir = await mkdtemp(join(tmpdir(), 'fwtui-block-words-'));
  });
  afterAll(async () => {
    await ns?.exec(['ipset', 'destroy']).catch(() => undefined);
    await ns?.remove();
    if (ns) await rm(stateRoot(ns.name), { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('one bad line is "1 bad line"', async () => {
    const list = join(dir, 'bad.txt');
    await writeFile(list, '192.0.2.1\n192.0.2.300\n');
    const r = await runCli(['block', '--set', 'bad', '--create', 'hash:net', '--file', list, ...target()]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('has 1 bad line; nothing was applied');
  });

  it('names the addresses in the set already; asks to keep the changes; says the set was put back', async () => {
    await ns.exec(['ipset', 'create', 'blacklist', 'hash:net']);
    for (const a of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5', '192.0.2.6'])
      await ns.exec(['ipset', 'add', 'blacklist', a]);
    const list = join(dir, 'list.txt');
    await writeFile(list, '192.0.2.1\n192.0.2.9\n');
    const one = await runCli(['block', '--set', 'blacklist', '--file', list, ...target()], { stdin: 'n\n' });
    expect(one.stdout).toContain('192.0.2.1 is in set blacklist already');
    expect(one.stdout).toContain('Keep these changes? (y/N)');
    expect(one.stdout).not.toContain('Keep these rules?');
    expect(one.stdout).toContain('set blacklist: put back as it was');
    expect(await ns.exec(['ipset', 'save', 'blacklist'])).not.toContain('192.0.2.9');
    await writeFile(list, '192.0.2.1\n192.0.2.2\n192.0.2.3\n192.0.2.4\n192.0.2.5\n192.0.2.6\n192.0.2.9\n');
    const six = await runCli(['block', '--set', 'blacklist', '--file', list, ...target()], { stdin: 'n\n' });
    expect(six.stdout).toContain(
      '6 of the addresses are in set blacklist already: 192.0.2.1, 192.0.2.2, 192.0.2.3 and 3 more',
    );
  });
});
