/**
 * A first run that never fails: `npm start` (fwtui --demo) as root on a
 * machine without iptables, or without ip, opens the bundled sample offline
 * and says what to install, instead of "exec of … failed".
 */
import { execa } from 'execa';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { requireNetns } from '../helpers/netns.js';
import { FWTUI_LINE } from '../helpers/run-cli.js';

const available = await requireNetns();
const SOCKET = `fwtui-first-run-${process.pid}`;
const tmux = (...args: string[]) => execa('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { reject: false });
const screen = async (): Promise<string> => (await tmux('capture-pane', '-p', '-J', '-t', 'f')).stdout;
const ours = async (): Promise<string[]> =>
  (await execa('ip', ['netns', 'list'])).stdout
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith('fwtui-demo-'));

const bin = mkdtempSync(join(tmpdir(), 'fwtui-path-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

async function eventually(what: string, test: (s: string) => boolean): Promise<string> {
  let s = await screen();
  for (let i = 0; i < 100 && !test(s); i++) {
    await new Promise((r) => setTimeout(r, 100));
    s = await screen();
  }
  if (!test(s)) throw new Error(`never saw ${what}:\n${s}`);
  return s;
}

describe.runIf(available)('npm start on a machine without iptables or ip', () => {
  afterEach(async () => {
    await tmux('kill-server');
  });

  it('no iptables: the offline sample, and the package to install', async () => {
    const ip = (await execa('sh', ['-c', 'command -v ip'])).stdout.trim();
    symlinkSync(ip, join(bin, 'ip'));
    const before = await ours();
    await tmux(
      'new-session',
      '-d',
      '-s',
      'f',
      '-x',
      '200',
      '-y',
      '30',
      `/usr/bin/env PATH=${bin} ${FWTUI_LINE} --demo; /bin/sleep 30`,
    );
    const s = await eventually('the offline demo', (t) => /demo offline/.test(t));
    expect(s).toContain('iptables is not installed (iptables-restore not found): apt-get install iptables');
    expect(s).not.toMatch(/exec of|failed \(exit/);
    expect(s).toMatch(/ACCEPT/); // the sample's rules are shown
    await tmux('send-keys', '-t', 'f', 'q');
    // The half-made lab was removed again.
    expect((await ours()).filter((n) => !before.includes(n))).toEqual([]);
  });

  it('no ip: the offline sample, and the package to install', async () => {
    rmSync(join(bin, 'ip'), { force: true });
    await tmux(
      'new-session',
      '-d',
      '-s',
      'f',
      '-x',
      '200',
      '-y',
      '30',
      `/usr/bin/env PATH=${bin} ${FWTUI_LINE} --demo; /bin/sleep 30`,
    );
    const s = await eventually('the offline demo', (t) => /demo offline/.test(t));
    expect(s).toContain('ip is not installed: apt-get install iproute2');
  });
});
