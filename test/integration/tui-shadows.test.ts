/**
 * Shadow marks in a real terminal over a real namespace (nft and legacy): the rows of a 2000-rule chain are
 * drawn first, the marks fill in afterwards without a key, and keys work while the analysis runs (issue #20).
 */
import { execa } from 'execa';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { FWTUI_LINE } from '../helpers/run-cli.js';
import { stateRoot } from '../../src/app/state/state-dir.js';

const available = await requireNetns();
const SOCKET = `fwtui-shadows-${process.pid}`;
const tmux = (...args: string[]) => execa('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { reject: false });
const capture = async (): Promise<string> => (await tmux('capture-pane', '-p', '-t', 'fw')).stdout;

async function waitForScreen(test: (screen: string) => boolean, what: string): Promise<string> {
  let screen = '';
  for (let i = 0; i < 300; i++) {
    screen = await capture();
    if (test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the screen never showed ${what}:\n${screen}`);
}

/** INPUT: rule 1 drops 10.0.0.0/8; the 1999 host rules after it are all shadowed. */
function rules(n: number): string {
  const lines = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
  lines.push('-A INPUT -s 10.0.0.0/8 -j DROP');
  for (let i = 1; i < n; i++)
    lines.push(`-A INPUT -s 10.${(i >> 8) & 255}.${i & 255}.1/32 -p tcp --dport 22 -j ACCEPT`);
  return [...lines, 'COMMIT', ''].join('\n');
}

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`shadow marks after the rows (${variant})`, () => {
    let ns: TestNetns;
    afterEach(async () => {
      await tmux('kill-server');
      await ns?.remove();
      if (ns) await rm(stateRoot(ns.name), { recursive: true, force: true });
    });

    it('draws the rows, takes keys, then marks the shadowed rules without a key', async () => {
      ns = await createNetns();
      await ns.exec([`iptables-${variant}-restore`, '-w', '5'], rules(2000));
      const line = `${FWTUI_LINE} --netns ${ns.name} --backend ${variant} --interval 600; sleep 30`;
      const started = await tmux('new-session', '-d', '-s', 'fw', '-x', '120', '-y', '30', line);
      expect(started.exitCode, started.stderr).toBe(0);
      await waitForScreen((s) => s.includes('rule 1/2000'), 'the rows');
      await tmux('send-keys', '-t', 'fw', 'j');
      await waitForScreen((s) => s.includes('rule 2/2000'), 'rule 2 selected');
      const marked = await waitForScreen(
        (s) => s.includes('never matches: rule 1 takes its packets') && !s.includes('checking for'),
        'the shadow mark of rule 2',
      );
      expect(marked).toContain('⊘');
    });
  });
}
