/**
 * The boot check's throwaway namespace: a unique name, created and deleted
 * through the runner on every path (loads, refused, iptables missing), and
 * the check never runs in the namespace fwtui looks at.
 */
import { describe, expect, it } from 'vitest';
import { bootLoadCheck, BootCheckError } from '../../../src/backend/boot-check.js';
import type { Command, CommandResult } from '../../../src/backend/command.js';
import { CommandNotFoundError } from '../../../src/backend/errors.js';
import type { CommandRunner } from '../../../src/backend/runner.js';

type Answer = Partial<CommandResult> | 'not-found';

function runner(answer: (argv: string[]) => Answer): CommandRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const run = async (cmd: Command): Promise<CommandResult> => {
    const argv = [cmd.file, ...cmd.args];
    calls.push(argv);
    const a = answer(argv);
    if (a === 'not-found') throw new CommandNotFoundError(cmd.file);
    return { stdout: '', stderr: '', exitCode: 0, durationMs: 1, ...a };
  };
  return { calls, run, stream: run as CommandRunner['stream'] };
}

const NO_SET = "Set blacklist doesn't exist";
const NO_SETS = { ipsets: null, ipsetsFrom: null };
const TEXT = '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m set --match-set blacklist src -j DROP\nCOMMIT\n';

describe('checking a boot file in a throwaway namespace', () => {
  it('creates a uniquely named namespace, tests there, deletes it; two checks use two names', async () => {
    const r = runner(() => ({}));
    const check = bootLoadCheck(r, 'nft', NO_SETS);
    expect(await check('ipv4', TEXT)).toBeNull();
    expect(await check('ipv4', TEXT)).toBeNull();
    const names = r.calls.filter((c) => c[2] === 'add').map((c) => c[3]!);
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^fwtui-check-[0-9a-f]{12}$/);
    expect(names[0]).not.toBe(names[1]);
    expect(r.calls.slice(0, 3)).toEqual([
      ['ip', 'netns', 'add', names[0]],
      ['ip', 'netns', 'exec', names[0], 'iptables-nft-restore', '-w', '5', '--noflush', '--counters', '--test'],
      ['ip', 'netns', 'delete', names[0]],
    ]);
  });

  it('a refused file: the rule and the reason, and the namespace is deleted', async () => {
    const r = runner((argv) =>
      argv.includes('--test')
        ? { exitCode: 2, stderr: `iptables-restore v1.8.9 (nf_tables): ${NO_SET}.\n\nError occurred at line: 3\n` }
        : {},
    );
    const said = await bootLoadCheck(r, undefined, NO_SETS)('ipv4', TEXT);
    expect(said).toBe(`-A INPUT -m set --match-set blacklist src -j DROP: ${NO_SET}`);
    expect(r.calls.at(-1)?.slice(0, 3)).toEqual(['ip', 'netns', 'delete']);
  });

  it('restores the sets boot restores first, then the rules', async () => {
    const r = runner(() => ({}));
    const prelude = { ipsets: 'create blacklist hash:ip\n', ipsetsFrom: '/etc/iptables/ipsets' };
    await bootLoadCheck(r, undefined, prelude)('ipv4', TEXT);
    expect(r.calls[1]!.slice(4)).toEqual(['ipset', 'restore', '-exist']);
    expect(r.calls[2]!.slice(4, 5)).toEqual(['iptables-restore']);
  });

  it('an unexpected failure still deletes the namespace; one that cannot be made is a BootCheckError', async () => {
    const r = runner((argv) => (argv.includes('--test') ? 'not-found' : {}));
    await expect(bootLoadCheck(r, undefined, NO_SETS)('ipv4', TEXT)).rejects.toThrow();
    expect(r.calls.at(-1)?.slice(0, 3)).toEqual(['ip', 'netns', 'delete']);
    const denied = runner(() => ({ exitCode: 1, stderr: 'mount /run/netns failed: Operation not permitted' }));
    await expect(bootLoadCheck(denied, undefined, NO_SETS)('ipv4', TEXT)).rejects.toThrow(BootCheckError);
    expect(denied.calls).toHaveLength(1);
  });
});
