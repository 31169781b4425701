/**
 * The view on terminals without colour or UTF-8, in a real terminal (tmux): every byte fwtui
 * writes is captured (tmux pipe-pane) from its very first write. Needs tmux, not root (--file).
 */
import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FWTUI_LINE } from '../helpers/run-cli.js';

const hasTmux = (await execa('tmux', ['-V'], { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode === 0;
if (!hasTmux && process.env.FWTUI_STRICT_TESTS) {
  throw new Error('the terminal tests must run under CI but tmux is missing');
}
if (!hasTmux) console.warn('\n*** SKIPPING terminal tests: tmux is not installed. ***\n');

const SOCKET = `fwtui-term-${process.pid}`;
const tmux = (...args: string[]) => execa('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { reject: false });
const capture = async (): Promise<string> => (await tmux('capture-pane', '-p', '-t', 'fw')).stdout;

// A long chain name (cut in the chain list at 80 columns) and a comment in UTF-8.
const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER-ISOLATION-STAGE-1 - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -m comment --comment "caf\u00e9 \u2713 \u65e5\u672c admins" -j ACCEPT
-A INPUT -j DOCKER-ISOLATION-STAGE-1
-A DOCKER-ISOLATION-STAGE-1 -j RETURN
COMMIT
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fwtui-term-'));
  await writeFile(join(dir, 'rules.v4'), RULES);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await tmux('kill-server');
});

async function waitForScreen(test: (screen: string) => boolean, what: string): Promise<string> {
  let screen = '';
  for (let i = 0; i < 100; i++) {
    screen = await capture();
    if (test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the screen never showed ${what}:\n${screen}`);
}

/**
 * Starts fwtui --file in an 80x24 tmux pane with exactly the given locale and terminal variables,
 * its output piped to a file before its first byte. @returns a reader of every byte written so far.
 */
async function start(env: Record<string, string>): Promise<() => Promise<Buffer>> {
  const out = join(dir, `out-${Date.now()}`);
  const go = join(dir, `go-${Date.now()}`);
  const owned = ['LC_ALL', 'LC_CTYPE', 'LANG', 'NO_COLOR', 'CI', 'FORCE_COLOR', 'COLORTERM', 'TERM'];
  const unset = owned.map((v) => `-u ${v}`).join(' ');
  const set = Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const fwtui = `env ${unset} ${set} ${FWTUI_LINE} --file ${join(dir, 'rules.v4')}`;
  const command = `while [ ! -e ${go} ]; do sleep 0.05; done; ${fwtui}; sleep 30`;
  // A tmux server still shutting down (after the last test's kill-server) can refuse a new session: try again.
  let started = await tmux('new-session', '-d', '-s', 'fw', '-x', '80', '-y', '24', command);
  for (let i = 0; i < 10 && started.exitCode !== 0; i++) {
    await new Promise((r) => setTimeout(r, 200));
    started = await tmux('new-session', '-d', '-s', 'fw', '-x', '80', '-y', '24', command);
  }
  expect(started.exitCode, started.stderr).toBe(0);
  expect((await tmux('pipe-pane', '-t', 'fw', '-o', `cat >> ${out}`)).exitCode).toBe(0);
  await writeFile(go, '');
  return () => readFile(out).catch(() => Buffer.alloc(0));
}

/** SGR parameters fwtui wrote, e.g. [7] for inverse, [31] for red. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: SGR sequences start with ESC
const SGR = /\x1b\[([0-9;]*)m/g;
const sgr = (bytes: Buffer): number[] =>
  [...bytes.toString('latin1').matchAll(SGR)].flatMap((m) => (m[1] || '0').split(';').map(Number));
const isColour = (p: number): boolean =>
  (p >= 30 && p <= 38) || (p >= 40 && p <= 48) || (p >= 90 && p <= 97) || (p >= 100 && p <= 107);
/** The screen line of the selected rule: the rule pane starts right after the border. */
const markedRules = (screen: string): string[] => screen.split('\n').filter((l) => /[│|]>/.test(l));

describe.runIf(hasTmux)('terminals without colour or UTF-8', () => {
  it('LANG=C: not one byte above 0x7f is written, cut values still carry a mark', async () => {
    const bytes = await start({ LANG: 'C', TERM: 'xterm' });
    await waitForScreen((s) => s.includes('rule 1/3'), 'the rules');
    await tmux('send-keys', '-t', 'fw', 'j');
    await waitForScreen((s) => s.includes('rule 2/3'), 'rule 2 selected (its comment in the detail)');
    await tmux('send-keys', '-t', 'fw', '?');
    await waitForScreen((s) => s.includes('Keys (? or Esc closes'), 'the help');
    await tmux('send-keys', '-t', 'fw', 'q');
    const screen = await waitForScreen((s) => !s.includes('Keys ('), 'the view again');
    const written = await bytes();
    expect(written.length).toBeGreaterThan(500);
    const high = [...written].filter((b) => b >= 0x80);
    expect(high, `non-ASCII bytes written: ${Buffer.from(high).toString('latin1')}`).toEqual([]);
    // The chain name cut in the 80-column chain list keeps both ends around the ASCII cut mark; the comment's
    // letters are ?.
    expect(screen).toMatch(/DOCKE\S*~\S*GE-1/);
    expect(screen).toMatch(/caf\? \+ \?\?\?\? admins/);
  });

  it('LC_ALL=C wins over a UTF-8 LANG, as in the C library', async () => {
    const bytes = await start({ LC_ALL: 'C', LANG: 'en_US.UTF-8', TERM: 'xterm' });
    await waitForScreen((s) => s.includes('rule 1/3'), 'the rules');
    expect([...(await bytes())].filter((b) => b >= 0x80)).toEqual([]);
  });

  it('TERM=dumb: no escape code styles anything, so > marks the selected rule', async () => {
    const bytes = await start({ LANG: 'C', TERM: 'dumb' });
    await waitForScreen((s) => s.includes('rule 1/3'), 'the rules');
    await tmux('send-keys', '-t', 'fw', 'j');
    const screen = await waitForScreen((s) => s.includes('rule 2/3'), 'rule 2 selected');
    expect(sgr(await bytes())).toEqual([]);
    const marked = markedRules(screen);
    expect(marked, screen).toHaveLength(1);
    expect(marked[0]).toContain('dpt:22');
  });

  it('NO_COLOR=1 on a terminal Ink does not know (no TERM): no escape code, so > marks the selected rule', async () => {
    const bytes = await start({ LANG: 'C.UTF-8', NO_COLOR: '1' });
    await waitForScreen((s) => s.includes('rule 1/3'), 'the rules');
    await tmux('send-keys', '-t', 'fw', 'j');
    const screen = await waitForScreen((s) => s.includes('rule 2/3'), 'rule 2 selected');
    expect(sgr(await bytes())).toEqual([]);
    expect(markedRules(screen), screen).toHaveLength(1);
    expect(markedRules(screen)[0]).toContain('dpt:22');
  });

  it('NO_COLOR=1 on a terminal with attributes: inverse video, no colour', async () => {
    // CI=true as CI sets it: fwtui clears it before Ink loads, so attributes still show.
    const bytes = await start({ LANG: 'C.UTF-8', TERM: 'xterm-256color', NO_COLOR: '1', CI: 'true' });
    await waitForScreen((s) => s.includes('rule 1/3'), 'the rules');
    const params = sgr(await bytes());
    expect(params).toContain(7);
    expect(params.filter(isColour)).toEqual([]);
    expect(markedRules(await capture())).toEqual([]);
  });
});
