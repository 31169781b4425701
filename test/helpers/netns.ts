/**
 * Throwaway network namespaces for tests that drive real iptables.
 * Never touches the host namespace's firewall: every command goes through
 * `ip netns exec` into a namespace this file created, and deletes it after.
 */
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';

export interface TestNetns {
  readonly name: string;
  /** Runs argv inside the namespace; rejects on a non-zero exit with its stderr. */
  exec(argv: readonly string[], stdin?: string): Promise<string>;
  remove(): Promise<void>;
}

/** Why namespace tests cannot run here, or null when they can. */
export async function netnsUnavailableReason(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'not root';
  try {
    await execa('ip', ['netns', 'list']);
  } catch (e) {
    return `ip netns does not work: ${(e as Error).message}`;
  }
  return null;
}

/**
 * Skips a suite loudly when namespaces are unavailable, but under CI (CI=true,
 * where we run as root) an unavailable namespace is a failure, never a skip.
 * vitest.config.ts turns CI into FWTUI_STRICT_TESTS for the test processes.
 */
export async function requireNetns(): Promise<boolean> {
  const reason = await netnsUnavailableReason();
  if (reason === null) return true;
  if (process.env.FWTUI_STRICT_TESTS) throw new Error(`integration tests must run under CI but cannot: ${reason}`);
  console.warn(`\n*** SKIPPING real-iptables tests: ${reason}. Run as root to include them. ***\n`);
  return false;
}

export async function createNetns(): Promise<TestNetns> {
  const name = `fwtui-t-${process.pid}-${randomBytes(4).toString('hex')}`;
  await execa('ip', ['netns', 'add', name]);
  const exec = async (argv: readonly string[], stdin?: string): Promise<string> => {
    const [file, ...args] = argv;
    const r = await execa('ip', ['netns', 'exec', name, file!, ...args], {
      input: stdin ?? '',
      reject: false,
      stripFinalNewline: false,
      env: { LC_ALL: 'C' },
    });
    if (r.exitCode !== 0) throw new Error(`${argv.join(' ')} failed in ${name} (exit ${r.exitCode}): ${r.stderr}`);
    return r.stdout;
  };
  await exec(['ip', 'link', 'set', 'lo', 'up']);
  return {
    name,
    exec,
    async remove() {
      await execa('ip', ['netns', 'delete', name], { reject: false });
    },
  };
}
