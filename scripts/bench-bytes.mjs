// npm run bench, rows "bytes" (issue #20 item 4: bytes on the wire like curses). In the same run and the same way
// (tmux pipe-pane of a 200x50 pane, the same namespace and traffic, the same seconds) it measures what reaches the
// terminal from: fwtui, fwtui with FWTUI_PLAIN_OUTPUT=1 (Ink's own line rewrites, the "before"), and
// `watch -n1 iptables -L -v -n` (curses: the floor). Cases: one DROP rule's counters moving, and 20 DROP rules'
// counters moving (each hit by its own bounded UDP stream). Alone: BENCH_ONLY=bytes npm run bench.
import { spawn, spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SECONDS = 8;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** UDP datagrams to `ports` on 127.0.0.1, one per port every 100 ms, for at most 20 s. */
const traffic = (ports) =>
  `const s=require('dgram').createSocket('udp4');const p=${JSON.stringify(ports)};` +
  "const t=setInterval(()=>{for(const x of p)s.send('x',x,'127.0.0.1')},100);" +
  'setTimeout(()=>{clearInterval(t);s.close()},20000);';

/** Bytes per second the pane running `command` receives while `ports` get traffic; needs `ready` on screen first. */
async function paneBytes(ctx, ns, ports, command, ready, env = '') {
  const { tmux, until, dir, row } = ctx;
  const log = join(dir, 'pane-bytes.out');
  writeFileSync(log, '', { mode: 0o600 });
  tmux('kill-server');
  // A tmux server still shutting down (after kill-server) can refuse a new session: try again.
  for (let i = 0; i < 10; i++) {
    if (tmux('new-session', '-d', '-s', 'b', '-x', '200', '-y', '50', `exec env ${env} ${command}`).status === 0) break;
    await sleep(200);
  }
  if ((await until(ready, performance.now(), 30000)) === Infinity) {
    row(`bytes: ${command}`, 'did not start', '', false);
    return NaN;
  }
  const sender = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', traffic(ports)], { stdio: 'ignore' });
  try {
    await sleep(2500);
    tmux('pipe-pane', '-t', 'b', '-o', `cat >> ${log}`);
    await sleep(SECONDS * 1000);
    tmux('pipe-pane', '-t', 'b');
  } finally {
    sender.kill();
    tmux('kill-server');
  }
  return statSync(log).size / SECONDS;
}

/** The bytes rows: fwtui (cell diff), fwtui plain, watch; one counter and 20 counters. */
export async function bytesBench(ctx) {
  const { BIN, namespaceWith, deleteNamespace, row } = ctx;
  for (const count of [1, 20]) {
    const ns = namespaceWith(20);
    try {
      const ports = Array.from({ length: count }, (_, i) => 9900 + i);
      // DROP sends no reply: exactly these rules' counters move. Inserted last-first so they read 9900.. downward.
      for (const port of [...ports].reverse())
        spawnSync(
          'ip',
          ['netns', 'exec', ns, 'iptables', '-w', '5', '-I', 'INPUT', '-i', 'lo', '-p', 'udp'].concat([
            '--dport',
            String(port),
            '-j',
            'DROP',
          ]),
        );
      const fwtui = `${process.execPath} ${BIN} --netns ${ns} --interval 1`;
      const ours = await paneBytes(ctx, ns, ports, fwtui, 'rule 1/');
      const plain = await paneBytes(ctx, ns, ports, fwtui, 'rule 1/', 'FWTUI_PLAIN_OUTPUT=1');
      const watch = await paneBytes(ctx, ns, ports, `ip netns exec ${ns} watch -n1 iptables -L -v -n`, 'Chain INPUT');
      const what = count === 1 ? 'one changed counter' : '20 counters moving';
      row(
        `TUI bytes/s, ${what}, 200x50 (mean over ${SECONDS} s; before: plain ${plain.toFixed(0)} B)`,
        `${ours.toFixed(0)} B vs watch ${watch.toFixed(0)} B = ${(ours / watch).toFixed(2)}x`,
        `<= 2x watch (${(2 * watch).toFixed(0)} B)`,
        ours <= 2 * watch,
      );
    } finally {
      deleteNamespace(ns);
    }
  }
}
