/**
 * Bytes on the wire (issue #20 item 4) in a real terminal: fwtui with its cell diff writer and fwtui writing Ink's
 * own bytes (FWTUI_PLAIN_OUTPUT=1) side by side in tmux over one namespace with bounded traffic moving five counters.
 * After several refreshes, and after resizes, the two panes are the same, colors and all (`capture-pane -p -e`), and
 * the writer's pane got fewer bytes.
 */
import { execa, type ResultPromise } from 'execa';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stateRoot } from '../../src/app/state/state-dir.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { FWTUI_LINE } from '../helpers/run-cli.js';

const available = await requireNetns();
const SOCKET = `fwtui-wire-${process.pid}`;
const tmux = (...args: string[]) => execa('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { reject: false });
const capture = async (pane: string, ...flags: string[]): Promise<string> =>
  (await tmux('capture-pane', '-p', ...flags, '-t', pane)).stdout;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PORTS = [9901, 9902, 9903, 9904, 9905];

const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
${PORTS.map((p) => `-A INPUT -i lo -p udp -m udp --dport ${p} -m comment --comment "wire ${p}" -j DROP`).join('\n')}
-A INPUT -i lo -j ACCEPT
COMMIT
`;

async function waitFor(test: () => Promise<boolean>, what: string, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await test()) return;
    await sleep(100);
  }
  throw new Error(`never: ${what}`);
}

describe.runIf(available)('bytes on the wire in a real terminal', () => {
  let ns: TestNetns;
  let dir: string;
  let traffic: ResultPromise | undefined;
  beforeEach(async () => {
    ns = await createNetns();
    await ns.exec(['iptables-restore', '-w', '5'], RULES);
    dir = await mkdtemp(join(tmpdir(), 'fwtui-wire-'));
  });
  afterEach(async () => {
    traffic?.kill();
    await tmux('kill-server');
    await ns.remove();
    await rm(stateRoot(ns.name), { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('the cell diff writer shows the very screen of Ink alone, with moving counters, for fewer bytes', async () => {
    const line = `${FWTUI_LINE} --netns ${ns.name} --interval 0.5; sleep 30`;
    for (const [pane, env] of [
      ['cells', ''],
      ['plain', 'FWTUI_PLAIN_OUTPUT=1 '],
    ] as const) {
      const started = await tmux('new-session', '-d', '-s', pane, '-x', '160', '-y', '40', `${env}${line}`);
      expect(started.exitCode, started.stderr).toBe(0);
    }
    for (const pane of ['cells', 'plain']) {
      await waitFor(async () => (await capture(pane)).includes('dpt:9905'), `${pane} shows the rules`);
      await tmux('send-keys', '-t', pane, 'x'); // exact counters: every datagram shows
      // The quiet last rule is selected: the chain line then shows no rate, which would differ with timing alone.
      for (let i = 0; i < 5; i++) await tmux('send-keys', '-t', pane, 'j');
      await waitFor(async () => (await capture(pane)).includes('rule 6/6'), `${pane} selects rule 6`);
      await tmux('pipe-pane', '-t', pane, '-o', `cat >> ${join(dir, pane)}`);
    }
    const first = await capture('cells');
    // Bounded traffic on the namespace's loopback: 10 datagrams a second to each port for 4 s.
    const script =
      `const s=require('dgram').createSocket('udp4');const p=${JSON.stringify(PORTS)};` +
      "const t=setInterval(()=>{for(const x of p)s.send('x',x,'127.0.0.1')},100);" +
      'setTimeout(()=>{clearInterval(t);s.close()},4000);';
    traffic = execa('ip', ['netns', 'exec', ns.name, process.execPath, '-e', script], { reject: false });
    await traffic;
    // Both panes refresh twice a second: once both show the last counters, they must be the same, cell for cell.
    await sleep(1500);
    let cells = '';
    let plain = '';
    await waitFor(
      async () => {
        cells = await capture('cells', '-e');
        plain = await capture('plain', '-e');
        return cells === plain;
      },
      'the same screen in both panes',
      50,
    ).catch(() => expect(cells).toBe(plain));
    expect(cells).not.toBe(first);
    for (const pane of ['cells', 'plain']) await tmux('pipe-pane', '-t', pane);
    const bytes = async (pane: string) => (await stat(join(dir, pane))).size;
    expect(await bytes('cells')).toBeLessThan((await bytes('plain')) / 2);
    // Narrower and shorter, then wider and taller: the writer starts over and the panes still agree.
    for (const [x, y] of [
      ['100', '24'],
      ['150', '36'],
    ] as const) {
      for (const pane of ['cells', 'plain']) await tmux('resize-window', '-t', pane, '-x', x, '-y', y);
      await sleep(1500);
      await waitFor(
        async () => {
          cells = await capture('cells', '-e');
          plain = await capture('plain', '-e');
          return cells === plain && cells.split('\n').length === Number(y);
        },
        `the same screen in both panes at ${x}x${y}`,
        30,
      ).catch(() => expect(cells).toBe(plain));
    }
  });
});
