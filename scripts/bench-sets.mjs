// The sets panel's rows of `npm run bench`: a 100,000-member hash:net set opened in the view (first page) and
// searched for an address: through tmux on a real namespace (root), and key to frame in-process (no root).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { root } from './bundle.mjs';

const MEMBERS = 100_000;

/** `ipset restore` text of a hash:net set `blacklist` with `n` members (/32 hosts and /24 networks). */
export function blacklistText(n) {
  const lines = ['create blacklist hash:net family inet hashsize 65536 maxelem 262144'];
  for (let i = 0; i < n; i++) {
    const host = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const j = Math.floor(i / 10);
    lines.push(i % 10 === 9 ? `add blacklist 100.${64 + (j >> 8)}.${j & 255}.0/24` : `add blacklist ${host}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Opens a 100k-member set in a view of a fresh namespace, then searches it. `k` holds the bench's helpers:
 * tmux, until, screen, row, namespaces (to delete at the end) and BIN.
 */
export async function setsBench(k) {
  const ns = `fwtui-bench-${process.pid}-sets`;
  k.namespaces.push(ns);
  spawnSync('ip', ['netns', 'add', ns]);
  const exec = (argv, input) => spawnSync('ip', ['netns', 'exec', ns, ...argv], { input, encoding: 'utf8' });
  const load = exec(['ipset', 'restore'], blacklistText(MEMBERS));
  if (load.status !== 0) throw new Error(`ipset restore failed: ${load.stderr}`);
  const rules = '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m set --match-set blacklist src -j DROP\nCOMMIT\n';
  const restore = exec(['iptables-nft-restore', '-w', '5'], rules);
  if (restore.status !== 0) throw new Error(`iptables-nft-restore failed: ${restore.stderr}`);
  k.tmux('kill-server');
  k.tmux('new-session', '-d', '-s', 'b', '-x', '120', '-y', '40', `exec ${process.execPath} ${k.BIN} --netns ${ns}`);
  if ((await k.until('rule 1/', performance.now(), 60000)) === Infinity)
    throw new Error(`the view did not start:\n${k.screen()}`);
  const key = async (keys, text, literal = false) => {
    const t = performance.now();
    k.tmux('send-keys', '-t', 'b', ...(literal ? ['-l', '--'] : []), keys);
    const ms = await k.until(text, t, 30000);
    if (ms === Infinity) throw new Error(`after ${keys}, "${text}" did not show:\n${k.screen()}`);
    return ms;
  };
  // The panel reads the sets again when it opens: done when its title no longer says so.
  const read = await key('s', 'IP sets: 1\n');
  k.row(`sets panel (s): read the sets, ${MEMBERS / 1000}k members`, `${read.toFixed(0)} ms`, '', null);
  const open = await key('Enter', `Set blacklist: ${MEMBERS} members`);
  // Through tmux the figures carry its polling (capture-pane every 5 ms): the targets are judged in-process below.
  k.row(`open a ${MEMBERS / 1000}k-member set: first page, via tmux`, `${open.toFixed(0)} ms`, '', null);
  await key('/', 'Find in blacklist');
  await key('100.70.7.99', '100.70.7.99', true);
  const search = await key('Enter', 'found for 100.70.7.99');
  k.row(`search a ${MEMBERS / 1000}k-member set for an address, via tmux`, `${search.toFixed(0)} ms`, '', null);
  k.tmux('kill-server');
}

/** Key to frame inside fwtui (store, view, Ink writing the frame), without a terminal: bundled, then run here. */
export async function setsViewBench(k) {
  const dir = mkdtempSync(join(tmpdir(), 'fwtui-bench-sets-'));
  try {
    const outfile = join(dir, 'sets-view.mjs');
    await build({
      entryPoints: [`${root}scripts/bench-sets-view.tsx`],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"' },
      alias: { 'react-devtools-core': `${root}scripts/devtools-stub.mjs` },
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'warning',
    });
    const { measureSetsView } = await import(outfile);
    const [, open, , , search, again] = await measureSetsView(blacklistText(MEMBERS), [
      ['s', 'IP sets: 1'],
      ['\r', `Set blacklist: ${MEMBERS} members`],
      ['/', 'Find in blacklist'],
      ['100.70.7.99', '100.70.7.99'],
      ['\r', 'found for 100.70.7.99'],
      ['/10.0.0.5\r', 'found for 10.0.0.5'],
    ]);
    const what = `${MEMBERS / 1000}k-member set, key to frame in-process`;
    k.row(`open a ${what}`, `${open.toFixed(0)} ms`, '<= 300 ms', open <= 300);
    k.row(
      `search a ${what} (first / again)`,
      `${search.toFixed(0)} / ${again.toFixed(0)} ms`,
      '<= 50 ms',
      search <= 50,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
