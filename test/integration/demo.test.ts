/** npm start's demo: a throwaway lab with moving counters, removed on Ctrl-C and after a kill -9. */
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requireNetns } from '../helpers/netns.js';
import { FWTUI_LINE } from '../helpers/run-cli.js';

const available = await requireNetns();
const SOCKET = `fwtui-demo-test-${process.pid}`;
const tmux = (...args: string[]) => execa('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { reject: false });
const screen = async (): Promise<string> => (await tmux('capture-pane', '-p', '-t', 'd')).stdout;
const demoNamespaces = async (): Promise<string[]> =>
  (await execa('ip', ['netns', 'list'])).stdout
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith('fwtui-demo-'));

async function eventually<T>(get: () => Promise<T>, test: (v: T) => boolean, what: string): Promise<T> {
  let value = await get();
  for (let i = 0; i < 150 && !test(value); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await get();
  }
  if (!test(value)) throw new Error(`never saw ${what}: ${JSON.stringify(value)}`);
  return value;
}

describe.runIf(available)('fwtui --demo', () => {
  afterEach(async () => {
    await tmux('kill-server');
    for (const ns of await demoNamespaces()) await execa('ip', ['netns', 'delete', ns], { reject: false });
  });

  it('shows live traffic in a throwaway namespace and removes it on Ctrl-C', async () => {
    expect(await demoNamespaces()).toEqual([]);
    await tmux(
      'new-session',
      '-d',
      '-s',
      'd',
      '-x',
      '120',
      '-y',
      '30',
      `${FWTUI_LINE} --demo --interval 0.5; sleep 30`,
    );
    await eventually(screen, (s) => /pkt\/s/.test(s) && /netns fwtui-demo-\d+/.test(s), 'the demo view');
    const names = await demoNamespaces();
    expect(names).toHaveLength(2);
    // Traffic flows: some rule shows a rate (pkt/s, then B/s and the last minute's sparkline where they fit, then
    // the target).
    await eventually(
      screen,
      (s) => /\s\d+\.\d +(?:\d+(?:\.\d+)?[KMG]? +)?(?:[_▁-█][ _▁-█]* +)?(ACCEPT|UDP|TCP|REJECT|WEB)\s/.test(s),
      'a packet rate in front of a target',
    );
    await tmux('send-keys', '-t', 'd', 'C-c');
    await eventually(demoNamespaces, (n) => n.length === 0, 'the namespaces removed');
  });

  it('lists the traffic generator in the --log command log, as every command it runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fwtui-demo-log-'));
    try {
      const log = join(dir, 'audit.log');
      const line = `${FWTUI_LINE} --demo --log ${log}; sleep 30`;
      await tmux('new-session', '-d', '-s', 'd', '-x', '120', '-y', '30', line);
      await eventually(screen, (s) => /netns fwtui-demo-\d+/.test(s), 'the demo view');
      await tmux('send-keys', '-t', 'd', 'C-c');
      await eventually(demoNamespaces, (n) => n.length === 0, 'the namespaces removed');
      const text = await readFile(log, 'utf8');
      expect(text).toMatch(/ command started-in-background ip netns exec fwtui-demo-\d+-client \S+ -e /);
      expect(text).toMatch(/ command exit=0 \d+ms ip netns add fwtui-demo-\d+\n/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('removes the lab of a demo that was killed with -9 at the next start', async () => {
    await tmux('new-session', '-d', '-s', 'd', '-x', '120', '-y', '30', `${FWTUI_LINE} --demo; sleep 30`);
    await eventually(screen, (s) => /netns fwtui-demo-\d+/.test(s), 'the demo view');
    const [first] = await demoNamespaces();
    const pid = Number(/fwtui-demo-(\d+)/.exec(first!)![1]);
    process.kill(pid, 'SIGKILL');
    await tmux('kill-server');
    expect(await demoNamespaces()).toHaveLength(2); // left behind by the killed process
    await tmux('new-session', '-d', '-s', 'd', '-x', '120', '-y', '30', `${FWTUI_LINE} --demo; sleep 30`);
    const now = await eventually(
      demoNamespaces,
      (n) => n.length === 2 && !n.some((x) => x.includes(String(pid))),
      'only the new lab',
    );
    expect(now.every((n) => !n.includes(`-${pid}`))).toBe(true);
    await eventually(screen, (s) => /netns fwtui-demo-\d+/.test(s), 'the new demo view');
    await tmux('send-keys', '-t', 'd', 'q');
    await eventually(demoNamespaces, (n) => n.length === 0, 'the new lab removed');
  });
});
