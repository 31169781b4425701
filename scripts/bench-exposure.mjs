// npm run bench, row "exposure": `fwtui exposure --netns` on a namespace with 200 listening sockets (150 TCP,
// 50 UDP, held by one node process), 50 DNAT'd ports and a 10,000-rule ruleset, beside `iptables-save -c` of
// the same namespace (issue #18: at most 1 s beyond it). Needs root. The namespace and the process are removed.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TCP = 150;
const UDP = 50;
const DNAT = 50;

const LISTENERS = `
const net = require('node:net'), dgram = require('node:dgram');
let n = 0; const up = () => { if (++n === ${TCP + UDP}) console.log('ready'); };
for (let i = 0; i < ${TCP}; i++) net.createServer().listen(20000 + i, '0.0.0.0', up);
for (let i = 0; i < ${UDP}; i++) dgram.createSocket('udp4').bind(30000 + i, '0.0.0.0', up);
setTimeout(() => process.exit(0), 600000);
`;

/** The nat table: 50 ports DNAT'd to a container-like address behind the namespace. */
function natTable() {
  const lines = ['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
  lines.push(
    ':POSTROUTING ACCEPT [0:0]',
    ':DOCKER - [0:0]',
    '[0:0] -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
  );
  for (let i = 0; i < DNAT; i++)
    lines.push(
      `[0:0] -A DOCKER ! -i eb1 -p tcp -m tcp --dport ${40000 + i} -j DNAT --to-destination 10.250.0.2:${80 + i}`,
    );
  return [...lines, 'COMMIT', ''].join('\n');
}

/** Starts the listeners in `ns`; resolves with the process once every socket is bound. */
function startListeners(ns) {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', LISTENERS], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the listeners did not start')), 20000);
    child.stdout.on('data', (d) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('error', reject);
  });
}

/**
 * @param ctx { BIN, dir, makeDump(n), addNamespace(ns), deleteNamespace(ns), median(argv): {seconds},
 *   run(argv, input?), row(what, value, target, ok), fmt(s) }
 */
export async function exposureBench(ctx) {
  const ns = `fwtui-bench-${process.pid}-exposure`;
  ctx.addNamespace(ns);
  let listeners = null;
  try {
    ctx.run(['ip', '-n', ns, 'link', 'add', 'eb0', 'type', 'veth', 'peer', 'name', 'eb1']);
    ctx.run(['ip', '-n', ns, 'addr', 'add', '10.249.0.1/24', 'dev', 'eb0']);
    ctx.run(['ip', '-n', ns, 'addr', 'add', '10.250.0.1/24', 'dev', 'eb1']);
    for (const dev of ['lo', 'eb0', 'eb1']) ctx.run(['ip', '-n', ns, 'link', 'set', dev, 'up']);
    ctx.run(['ip', 'netns', 'exec', ns, 'iptables-nft-restore', '-w', '5', '-c'], ctx.makeDump(10_000) + natTable());
    listeners = await startListeners(ns);
    // Everything open is acknowledged, so the command exits 0 as a monitoring check that finds nothing new.
    const expect = join(ctx.dir, 'exposure-expect');
    const ports = [
      ...Array.from({ length: TCP }, (_, i) => `tcp/${20000 + i}`),
      ...Array.from({ length: UDP }, (_, i) => `udp/${30000 + i}`),
      ...Array.from({ length: DNAT }, (_, i) => `tcp/${40000 + i}`),
    ];
    writeFileSync(expect, `${ports.join('\n')}\n`, { mode: 0o600 });
    const base = ctx.median(['ip', 'netns', 'exec', ns, 'iptables-nft-save', '-c']);
    const ours = ctx.median(['node', ctx.BIN, 'exposure', '--netns', ns, '--backend', 'nft', '--expect', expect]);
    const beyond = ours.seconds - base.seconds;
    ctx.row(
      `exposure --netns, ${TCP + UDP} sockets, ${DNAT} DNAT'd ports, 10k rules (nft)`,
      `${ctx.fmt(ours.seconds)} = iptables-save -c ${ctx.fmt(base.seconds)} + ${ctx.fmt(beyond)}`,
      '<= iptables-save -c + 1000 ms',
      beyond <= 1.0,
    );
  } finally {
    listeners?.kill('SIGKILL');
    ctx.deleteNamespace(ns);
  }
}
