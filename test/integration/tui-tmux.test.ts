/**
 * The view in a real terminal (tmux) over a namespace with real traffic:
 * counters on screen must go up between two captures, and quitting must
 * leave the terminal as it was.
 */
import { execa, type ResultPromise } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { FWTUI_LINE, FWTUI } from '../helpers/run-cli.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stateRoot } from '../../src/app/state/state-dir.js';

const available = await requireNetns();
const SOCKET = `fwtui-test-${process.pid}`;
const tmux = (...args: string[]) => execa('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { reject: false });
const capture = async (): Promise<string> => (await tmux('capture-pane', '-p', '-t', 'fw')).stdout;

async function waitForScreen(test: (screen: string) => boolean, what: string): Promise<string> {
  let screen = '';
  for (let i = 0; i < 100; i++) {
    screen = await capture();
    if (test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the screen never showed ${what}:\n${screen}`);
}

/** The packet counter of the rule whose row mentions `marker`. */
function packetsOf(screen: string, marker: string): number {
  const row = screen.split('\n').find((l) => l.includes(marker));
  // num then pkts, after an optional mark (•): anchored, or an unmarked row's "1" would pass for the mark.
  const m = row && /^\s*\D?\s*\d+\s+(\d+)\s/.exec(row.split(/[│|]/).pop() ?? '');
  if (!m) throw new Error(`no row with ${marker}:\n${screen}`);
  return Number(m[1]);
}

const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -p udp -m udp --dport 9999 -m comment --comment counted-by-test -j ACCEPT
-A INPUT -i lo -j ACCEPT
COMMIT
`;

const ORIGINAL = [
  '-A INPUT -i lo -p udp -m udp --dport 9999 -m comment --comment counted-by-test -j ACCEPT',
  '-A INPUT -i lo -j ACCEPT',
];
const MOVED = [ORIGINAL[1], ORIGINAL[0]];

describe.runIf(available)('fwtui in a real terminal', () => {
  let ns: TestNetns;
  const inputRules = async (): Promise<string[]> =>
    (await ns.exec(['iptables-save'])).split('\n').filter((l) => l.startsWith('-A INPUT'));
  /** Opens the view, selects rule 2, moves it up and applies: the countdown is on screen. */
  async function applyMove(extra = ''): Promise<void> {
    // A tmux server still shutting down (after the last session closed) can refuse a new session: try again.
    let started = await tmux(
      'new-session',
      '-d',
      '-s',
      'fw',
      '-x',
      '120',
      '-y',
      '30',
      `${FWTUI_LINE} --netns ${ns.name} ${extra}; sleep 30`,
    );
    for (let i = 0; i < 5 && started.exitCode !== 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      started = await tmux(
        'new-session',
        '-d',
        '-s',
        'fw',
        '-x',
        '120',
        '-y',
        '30',
        `${FWTUI_LINE} --netns ${ns.name} ${extra}; sleep 30`,
      );
    }
    expect(started.exitCode, started.stderr).toBe(0);
    await waitForScreen((s) => s.includes('dpt:9999'), 'the view');
    await tmux('send-keys', '-t', 'fw', 'j');
    await waitForScreen((s) => s.includes('rule 2/2'), 'rule 2 selected');
    await tmux('send-keys', '-t', 'fw', 'K');
    await waitForScreen((s) => s.includes('1 edit staged'), 'the staged move');
    await tmux('send-keys', '-t', 'fw', 'c');
    // y applies once the lockout check has answered (a y before that is held, and says so).
    await waitForScreen(
      (s) => s.includes('rule 2 moved to 1') && s.includes('Lockout check:'),
      'the review with its lockout check',
    );
    await tmux('send-keys', '-t', 'fw', 'y');
    await waitForScreen((s) => s.includes('Keep these rules? Y keeps, R reverts now'), 'the countdown');
    expect(await inputRules()).toEqual(MOVED);
  }
  let traffic: ResultPromise | undefined;
  beforeEach(async () => {
    ns = await createNetns();
    await ns.exec(['iptables-restore', '-w', '5'], RULES);
  });
  afterEach(async () => {
    traffic?.kill();
    await tmux('kill-server');
    await ns.remove();
    await rm(stateRoot(ns.name), { recursive: true, force: true });
  });

  it('shows counters that go up while traffic flows, and quits cleanly', async () => {
    // Bounded traffic on the namespace's own loopback: 25 datagrams a second for at most 20 s.
    const script =
      "const s=require('dgram').createSocket('udp4');const " +
      "t=setInterval(()=>s.send('x',9999,'127.0.0.1'),40);setTimeout(()=>{clearInterval(t);s.close()},20000);";
    traffic = execa('ip', ['netns', 'exec', ns.name, process.execPath, '-e', script], { reject: false });
    // CI=true as CI sets it: fwtui must still draw (Ink's CI mode draws only the last frame).
    const command = `CI=true ${FWTUI_LINE} --netns ${ns.name} --interval 0.5; sleep 30`;
    const started = await tmux('new-session', '-d', '-s', 'fw', '-x', '120', '-y', '30', command);
    expect(started.exitCode, started.stderr).toBe(0);

    const first = await waitForScreen((s) => s.includes('dpt:9999'), 'the counted rule');
    expect(first).toMatch(/netns fwtui-t-/);
    await tmux('send-keys', '-t', 'fw', 'x'); // exact counters, so small changes show
    const before = packetsOf(await waitForScreen((s) => s.includes('dpt:9999'), 'exact counters'), 'dpt:9999');
    const after = packetsOf(
      await waitForScreen((s) => packetsOf(s, 'dpt:9999') >= before + 10, 'the counter going up'),
      'dpt:9999',
    );
    expect(after).toBeGreaterThanOrEqual(before + 10);

    await tmux('send-keys', '-t', 'fw', 'q');
    const cleared = await waitForScreen((s) => !s.includes('dpt:9999'), 'the terminal restored');
    expect(cleared.trim()).toBe('');
  });

  it("live events (nft): another program's rule shows at once; q, SIGHUP, kill -9 leave no monitor", async () => {
    const pids = async () => (await execa('ip', ['netns', 'pids', ns.name])).stdout.split('\n').filter(Boolean);
    /** fwtui itself: the monitor's parent. */
    const fwtuiPid = async () => {
      const status = await readFile(`/proc/${(await pids())[0]}/status`, 'utf8');
      return Number(/^PPid:\s*(\d+)/m.exec(status)![1]);
    };
    const closes: [string, () => Promise<unknown>][] = [
      ['q', () => tmux('send-keys', '-t', 'fw', 'q')],
      ['a closed terminal (SIGHUP)', () => tmux('kill-session', '-t', 'fw')],
      ['kill -9', async () => process.kill(await fwtuiPid(), 'SIGKILL')],
    ];
    for (const [how, close] of closes) {
      // Polling every 30 s: only the events can bring the rule in time.
      const command = `${FWTUI_LINE} --netns ${ns.name} --interval 30; sleep 30`;
      const started = await tmux('new-session', '-d', '-s', 'fw', '-x', '120', '-y', '30', command);
      expect(started.exitCode, started.stderr).toBe(0);
      await waitForScreen((s) => s.includes('live events'), 'live events in the header');
      // The monitor runs in the namespace; a moment more and it listens.
      for (let i = 0; i < 50 && (await pids()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
      await ns.exec(['iptables-nft', '-w', '5', '-I', 'INPUT', '1', '-s', '203.0.113.9', '-j', 'DROP']);
      const screen = await waitForScreen((s) => s.includes('203.0.113.9'), 'the new rule');
      expect(screen).toContain('another program changed filter INPUT');
      await close();
      for (let i = 0; i < 30 && (await pids()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await pids(), `after ${how}`).toEqual([]);
      await ns.exec(['iptables-nft', '-w', '5', '-D', 'INPUT', '1']);
      await tmux('kill-server');
    }
  }, 60_000);

  it("T on a DNAT'd port follows the namespace's routing: forwarding is off, said as known", async () => {
    const nat = `*nat
:PREROUTING ACCEPT [0:0]
-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.19.0.5:80
COMMIT
`;
    await ns.exec(['iptables-restore', '-w', '5', '--noflush'], nat);
    await ns.exec(['ip', 'addr', 'add', '10.9.0.1/32', 'dev', 'lo']);
    await ns.exec(['sysctl', '-q', '-w', 'net.ipv4.ip_forward=0']);
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
    await waitForScreen((s) => s.includes('dpt:9999'), 'the view');
    await tmux('send-keys', '-t', 'fw', 'T');
    await waitForScreen((s) => s.includes('Packet (-p tcp'), 'the packet prompt');
    await tmux('send-keys', '-t', 'fw', '-l', '--', '-p tcp -s 192.0.2.9 -d 10.9.0.1 --dport 8080 -i lo');
    await tmux('send-keys', '-t', 'fw', 'Enter');
    // Read from the namespace: "is off", where a source without its routing could only say "may be off".
    await waitForScreen((s) => s.includes('DROP by routing: forwarding is off (172.19.0.5'), 'the verdict');
    await tmux('send-keys', '-t', 'fw', 'q');
  });

  it('restores the terminal on SIGTERM', async () => {
    const command = `${FWTUI_LINE} --netns ${ns.name}`;
    await tmux(
      'new-session',
      '-d',
      '-s',
      'fw',
      '-x',
      '100',
      '-y',
      '30',
      `sh -c 'echo before-fwtui; ${command}; echo exit=$?; sleep 30'`,
    );
    await waitForScreen((s) => s.includes('dpt:9999'), 'the view');
    // Anchored at node's path: the sh -c wrapper's own command line contains the same words.
    const pid = (await execa('pgrep', ['-f', `^${FWTUI_LINE} --netns ${ns.name}`], { reject: false })).stdout
      .trim()
      .split('\n')[0];
    expect(pid).toMatch(/^\d+$/);
    process.kill(Number(pid), 'SIGTERM');
    const after = await waitForScreen((s) => s.includes('exit='), 'fwtui gone');
    // Back on the normal screen: what was there before is visible again, the view is not.
    expect(after).toContain('before-fwtui');
    expect(after).not.toContain('dpt:9999');
  });

  it('SIGTERM while it starts (first read, parsing worker) ends it too: nothing keeps it running', async () => {
    // Measured: an early SIGTERM left fwtui running with no view (live updates started after the view ended, a
    // parsing worker started just before kept the process). Several moments, as the window depends on the machine.
    for (const ms of [150, 250, 350, 450]) {
      await tmux('kill-session', '-t', 'fw');
      await tmux(
        'new-session',
        '-d',
        '-s',
        'fw',
        '-x',
        '100',
        '-y',
        '30',
        `sh -c '${FWTUI_LINE} --netns ${ns.name}; echo exit=$?; sleep 30'`,
      );
      let pid = '';
      for (let i = 0; i < 100 && !/^\d+$/.test(pid); i++) {
        await new Promise((r) => setTimeout(r, 10));
        pid = (await execa('pgrep', ['-f', `^${FWTUI_LINE} --netns ${ns.name}`], { reject: false })).stdout.split(
          '\n',
        )[0]!;
      }
      await new Promise((r) => setTimeout(r, ms));
      process.kill(Number(pid), 'SIGTERM');
      await waitForScreen((s) => s.includes('exit='), `fwtui gone after a SIGTERM ${ms} ms after its start`);
    }
  }, 60_000);

  it('reorders a rule with K, c, y, Y: the namespace holds the new order', async () => {
    await applyMove();
    await tmux('send-keys', '-t', 'fw', 'Y');
    await waitForScreen((s) => s.includes('Kept: the commit is confirmed'), 'the kept notice');
    expect(await inputRules()).toEqual(MOVED);
    // Shift+Down moves too (the terminal sends ESC [1;2B).
    await tmux('send-keys', '-t', 'fw', 'S-Down');
    await waitForScreen((s) => s.includes('1 edit staged') && s.includes('rule 2/2'), 'Shift+Down staged a move');
  });

  it(
    'q during the countdown asks and says when the guard ' + 'reverts (with --netns in the hint); Enter stays',
    async () => {
      await applyMove();
      await tmux('send-keys', '-t', 'fw', 'q');
      const asked = (await waitForScreen((s) => s.includes('Quit?'), 'the quit question')).replace(/\s+/g, ' ');
      expect(asked).toMatch(/the guard puts the old rules back at \d\d:\d\d:\d\d \(in \d:\d\d\)/);
      expect(asked).toContain(`unless \`fwtui confirm --netns ${ns.name}\` keeps it`);
      await tmux('send-keys', '-t', 'fw', 'Enter');
      await waitForScreen((s) => !s.includes('Quit?') && s.includes('Keep these rules?'), 'still in the countdown');
      await tmux('send-keys', '-t', 'fw', 'Y');
      await waitForScreen((s) => s.includes('Kept: the commit is confirmed'), 'kept');
    },
  );

  it('Esc then q in one write (a laggy link): the editor closes and q quits, nothing typed', async () => {
    await tmux('new-session', '-d', '-s', 'fw', '-x', '120', '-y', '30', `${FWTUI_LINE} --netns ${ns.name}; sleep 30`);
    await waitForScreen((s) => s.includes('dpt:9999'), 'the view');
    await tmux('send-keys', '-t', 'fw', 'i');
    await waitForScreen((s) => s.includes('New rule'), 'the editor');
    // Both keys in one send-keys call reach fwtui in one read.
    await tmux('send-keys', '-t', 'fw', 'Escape', 'q');
    const cleared = await waitForScreen((s) => !s.includes('dpt:9999') && !s.includes('New rule'), 'the view closed');
    expect(cleared.trim()).toBe('');
  });

  it('L lists the commands fwtui ran in the namespace, with their exit codes, and the notices shown', async () => {
    await applyMove();
    await tmux('send-keys', '-t', 'fw', 'Y');
    await waitForScreen((s) => s.includes('Kept: the commit is confirmed'), 'the kept notice');
    await tmux('send-keys', '-t', 'fw', 'L');
    const screen = await waitForScreen((s) => s.includes('Messages and commands'), 'the history');
    const log = screen.replace(/\n {9}/g, ' ');
    expect(log).toMatch(new RegExp(`\\$ ip netns exec ${ns.name} iptables-save -c .*\\[exit 0, \\d+ ms`));
    expect(log).toMatch(new RegExp(`\\$ ip netns exec ${ns.name} iptables-restore .*\\[exit ?0, \\d+ ms`));
    // The guard, started in the background when the review opened (prepared: told the commit over its pipe), or
    // at the apply, told what it acts on: `__guard DIR ROLE --netns N --backend B --seal HEX`, or as a systemd
    // service where systemd runs the machine.
    const prepared = /__guard-wait (?:guard|watcher) .*\[started, runs in the background\]/;
    const detached = /__guard \S+ (?:guard|watcher) --netns .*--seal .*\[started, runs in the background\]/;
    expect(log).toMatch(new RegExp(`${prepared.source}|${detached.source}|\\$ systemd-run .*__guard .*\\[exit ?0`));
    expect(log).toContain('Kept: the commit is confirmed');
  });

  it('--log FILE gets the commands the view ran and the notices it showed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fwtui-tui-log-'));
    const log = join(dir, 'audit.log');
    await tmux(
      'new-session',
      '-d',
      '-s',
      'fw',
      '-x',
      '120',
      '-y',
      '30',
      `${FWTUI_LINE} --netns ${ns.name} --log ${log}; sleep 30`,
    );
    await waitForScreen((s) => s.includes('dpt:9999'), 'the view');
    await tmux('send-keys', '-t', 'fw', '/', 'no-such-rule', 'Enter');
    await waitForScreen((s) => s.includes('no rule in filter matches'), 'the notice');
    await tmux('send-keys', '-t', 'fw', 'q');
    await waitForScreen((s) => !s.includes('dpt:9999'), 'the view closed');
    const text = await readFile(log, 'utf8');
    await rm(dir, { recursive: true, force: true });
    expect(text).toMatch(new RegExp(`^\\S+Z command exit=0 \\d+ms ip netns exec ${ns.name} iptables-save -c`, 'm'));
    expect(text).toMatch(/^\S+Z notice no rule in filter matches "no-such-rule"$/m);
  });

  it('R puts the old rules back at once; without an answer the guard does at the deadline', async () => {
    await applyMove('--confirm-timeout 5');
    await tmux('send-keys', '-t', 'fw', 'R');
    await waitForScreen((s) => s.includes('Reverted: the old rules are back'), 'the reverted notice');
    expect(await inputRules()).toEqual(ORIGINAL);
    // Close this view and wait until its session is gone before opening the next one.
    await tmux('kill-session', '-t', 'fw');
    for (let i = 0; i < 50 && (await tmux('has-session', '-t', 'fw')).exitCode === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    await applyMove('--confirm-timeout 5');
    const applied = Date.now();
    await waitForScreen((s) => s.includes('Time is up: the guard put the old rules back'), "the guard's revert");
    expect(Date.now() - applied).toBeLessThan(5000 + 2500);
    expect(await inputRules()).toEqual(ORIGINAL);
  }, 40_000);

  it('`fwtui revert` from another shell is said as such, not as the deadline', async () => {
    await applyMove('--confirm-timeout 30');
    const reverted = await execa(FWTUI[0]!, [...FWTUI.slice(1), 'revert', '--netns', ns.name], { reject: false });
    expect(reverted.exitCode).toBe(0);
    const screen = await waitForScreen((s) => s.includes('the old rules are back'), 'the revert noticed');
    expect(screen.replace(/\s+/g, ' ')).toContain('Reverted (by fwtui revert)');
    expect(screen).not.toContain('Time is up');
    expect(await inputRules()).toEqual(ORIGINAL);
  }, 30_000);

  it('after a reconnect, a commit still pending is offered again and Y keeps it', async () => {
    const moved = RULES.replace(`${ORIGINAL[0]}\n${ORIGINAL[1]}`, `${MOVED[0]}\n${MOVED[1]}`);
    const dir = await mkdtemp(join(tmpdir(), 'fwtui-tui-'));
    await writeFile(join(dir, 'moved.rules'), moved);
    const applied = await execa(
      FWTUI[0]!,
      [...FWTUI.slice(1), 'apply', join(dir, 'moved.rules'), '--no-wait', '--netns', ns.name],
      { reject: false },
    );
    await rm(dir, { recursive: true, force: true });
    expect(applied.exitCode).toBe(0);
    await tmux('new-session', '-d', '-s', 'fw', '-x', '120', '-y', '30', `${FWTUI_LINE} --netns ${ns.name}; sleep 30`);
    const offered = await waitForScreen(
      (s) => s.includes('A commit is pending. Keep these rules? Y keeps'),
      'the pending commit offered',
    );
    // Under --netns, reaching this host proves nothing about the namespace: the view does not claim it does.
    expect(offered).not.toContain('so new connections work');
    await tmux('send-keys', '-t', 'fw', 'L');
    // The log wraps long lines: read it as one line of words.
    const words = (s: string): string => s.replace(/\s+/g, ' ');
    const log = await waitForScreen(
      (s) => words(s).includes(`pending in namespace ${ns.name}`),
      'the notice in the log',
    );
    expect(words(log)).toContain('reaching this host proves nothing about it');
    await tmux('send-keys', '-t', 'fw', 'Escape');
    await waitForScreen((s) => s.includes('A commit is pending. Keep these rules? Y keeps'), 'the question again');
    await tmux('send-keys', '-t', 'fw', 'Y');
    await waitForScreen((s) => s.includes('Kept: the commit is confirmed'), 'kept');
    expect(await inputRules()).toEqual(MOVED);
  }, 30_000);
});
