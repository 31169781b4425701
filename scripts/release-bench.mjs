// node scripts/release-bench.mjs NAME=COMMAND... : start-up of fwtui builds side by side (medians).
// `fwtui --version` and, as root, the TUI's first full screen at 1k rules in a throwaway namespace.
// COMMAND is split on spaces, e.g. bundle="node bin/fwtui" sea=release/fwtui-0.1.0-linux-x64.
import { spawnSync } from 'node:child_process';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const builds = process.argv.slice(2).map((a) => {
  const i = a.indexOf('=');
  return [a.slice(0, i), a.slice(i + 1).split(' ')];
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ns = `fwtui-rbench-${process.pid}`;
const sock = `fwtui-rbench-${process.pid}`;
const tmux = (...args) => spawnSync('tmux', ['-L', sock, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function dump(rules) {
  const lines = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]'];
  for (let i = 0; i < rules; i++)
    lines.push(`-A INPUT -s 10.0.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport ${1024 + i} -j ACCEPT`);
  return [...lines, 'COMMIT', ''].join('\n');
}

async function firstScreen(argv) {
  tmux('kill-server');
  const t = performance.now();
  tmux('new-session', '-d', '-s', 'b', '-x', '200', '-y', '50', `exec ${argv.join(' ')} --netns ${ns}`);
  while (performance.now() - t < 30000) {
    if ((tmux('capture-pane', '-p', '-t', 'b').stdout ?? '').includes('rule 1/')) break;
    await sleep(5);
  }
  const ms = performance.now() - t;
  tmux('kill-server');
  return ms;
}

const root = process.getuid?.() === 0;
try {
  if (root) {
    spawnSync('ip', ['netns', 'add', ns]);
    spawnSync('ip', ['netns', 'exec', ns, 'iptables-restore', '-w', '5'], { input: dump(1000) });
  }
  for (const [name, argv] of builds) {
    const v = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      spawnSync(argv[0], [...argv.slice(1), '--version']);
      v.push(performance.now() - t);
    }
    const s = [];
    for (let i = 0; root && i < Math.min(RUNS, 5); i++) s.push(await firstScreen(argv));
    const screen = root ? `   first screen 1k rules ${median(s).toFixed(0)} ms` : '';
    console.log(`${name.padEnd(10)} --version ${median(v).toFixed(0)} ms${screen}`);
  }
} finally {
  tmux('kill-server');
  if (root) spawnSync('ip', ['netns', 'delete', ns]);
}
