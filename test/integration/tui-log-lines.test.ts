/**
 * The log panel in a real terminal (tmux) over a namespace: `l` on an NFLOG rule shows the real packets it reports
 * (SYNs over loopback), and quitting ends the reader fwtui started (no tcpdump left for its group).
 */
import { execa } from 'execa';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { FWTUI_LINE } from '../helpers/run-cli.js';

const available = await requireNetns();
const SOCKET = `fwtui-logs-${process.pid}`;
const PROBE = join(import.meta.dirname, '..', 'helpers', 'probe.mjs');
const GROUP = 1000 + Math.floor(Math.random() * 9000);
const tmux = (...args: string[]) => execa('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { reject: false });
const capture = async (): Promise<string> => (await tmux('capture-pane', '-p', '-t', 'fw')).stdout;

/** The command lines of running tcpdumps that read this test's group. */
async function readersOfGroup(): Promise<string[]> {
  const out: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes('tcpdump') && cmd.includes(`nflog:${GROUP}\0`)) out.push(cmd.replace(/\0/g, ' '));
  }
  return out;
}

describe.runIf(available)('the log panel in a real terminal', () => {
  let ns: TestNetns | null = null;
  afterEach(async () => {
    await tmux('kill-server');
    await ns?.remove();
  });

  it('l shows the packets an NFLOG rule reports; q leaves no reader behind', async () => {
    ns = await createNetns();
    await ns.exec(
      ['iptables-nft-restore', '-w', '5'],
      `*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i lo -p tcp -m tcp --dport 22 -j NFLOG --nflog-prefix ssh-in ` +
        `--nflog-group ${GROUP}\nCOMMIT\n`,
    );
    const started = await tmux(
      'new-session',
      '-d',
      '-s',
      'fw',
      '-x',
      '120',
      '-y',
      '30',
      `${FWTUI_LINE} --netns ${ns.name}`,
    );
    expect(started.exitCode, started.stderr).toBe(0);
    let screen = '';
    const until = async (test: (s: string) => boolean, knock = false): Promise<boolean> => {
      for (let i = 0; i < 80; i++) {
        screen = await capture();
        if (test(screen)) return true;
        if (knock) await ns!.exec([process.execPath, PROBE, 'tcp', '127.0.0.1', String(46000 + i), '127.0.0.1', '22']);
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    };
    expect(await until((s) => s.includes('NFLOG --nflog-prefix ssh-in')), screen).toBe(true);
    await tmux('send-keys', '-t', 'fw', 'l');
    expect(await until((s) => s.includes(`log lines: reading NFLOG group ${GROUP}`)), screen).toBe(true);
    expect(await until((s) => /in lo out - TCP 127\.0\.0\.1:460\d\d > 127\.0\.0\.1:22/.test(s), true), screen).toBe(
      true,
    );
    expect(screen).toMatch(
      // More lines than the panel's rows: it says how many of them it shows.
      new RegExp(`NFLOG group ${GROUP} prefix "ssh-in" · (\\d+ shown|\\d+ of \\d+ shown, the newest) · \\d+ read in`),
    );
    expect(await readersOfGroup()).toHaveLength(1);
    await tmux('send-keys', '-t', 'fw', 'q');
    for (let i = 0; i < 50 && (await readersOfGroup()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await readersOfGroup()).toEqual([]);
  });
});
