/**
 * The NFLOG reader (tcpdump) must not outlive fwtui: after a kill -9 of `fwtui logs`, the kernel ends it by the
 * parent-death signal, with no packet arriving. tcpdump drops root to its own user by default, and a change of
 * credentials clears the parent-death signal (measured: it then ran on, parent init, until the next packet).
 */
import { readdir, readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { FWTUI } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/safety-lab.js';

const available = await requireNetns();
const GROUP = 1000 + Math.floor(Math.random() * 9000);

/** The pids of tcpdump reading `nflog:group`. */
async function readers(group: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const words = argv.split('\0');
    if (words.some((w) => w.endsWith('tcpdump')) && words.includes(`nflog:${group}`)) found.push(Number(entry));
  }
  return found;
}

describe.runIf(available)('the NFLOG reader after fwtui is killed', () => {
  let ns: TestNetns | null = null;
  afterEach(async () => {
    for (const pid of await readers(GROUP)) process.kill(pid, 'SIGKILL');
    await ns?.remove();
    ns = null;
  });

  it('kill -9 of fwtui logs: its tcpdump is gone within 2 s, with no packet', async () => {
    ns = await createNetns();
    await ns.exec(
      ['iptables-nft-restore', '-w', '5'],
      `*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j NFLOG --nflog-group ${GROUP}\nCOMMIT\n`,
    );
    const child = execa(
      FWTUI[0]!,
      [...FWTUI.slice(1), 'logs', '--netns', ns.name, '--backend', 'nft', '--seconds', '60'],
      { reject: false },
    );
    let err = '';
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    expect(await waitFor(() => err.includes('fwtui: reading NFLOG group'), 10_000), err).not.toBeNull();
    // tcpdump switches user right after it opened the group: give it that moment.
    expect(await waitFor(async () => (await readers(GROUP)).length > 0, 5000), err).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1000));
    child.kill('SIGKILL');
    await child;
    expect(
      await waitFor(async () => (await readers(GROUP)).length === 0, 2000),
      'tcpdump still running',
    ).not.toBeNull();
  });
});
