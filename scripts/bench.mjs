// npm run bench: prints fwtui's speed and memory beside the targets in the issues.
// Not a test: numbers vary by machine. Needs root for the namespace rows and
// /usr/bin/time (apt-get install time) for memory. Every namespace it makes is deleted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/fwtui', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'fwtui-bench-'));
const devnull = openSync('/dev/null', 'w');
const hasTime = existsSync('/usr/bin/time');
const namespaces = [];

/** A realistic dump: many chains, addresses, ports, comments, counters. */
export function makeDump(rules) {
  const chains = ['INPUT', 'FORWARD', 'OUTPUT', 'hosts-a', 'hosts-b', 'svc'];
  const lines = ['*filter', ':INPUT DROP [123456789:98765432100]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [42:4200]', ':hosts-a - [0:0]', ':hosts-b - [0:0]', ':svc - [0:0]'];
  for (let i = 0; i < rules; i++) {
    const chain = chains[i % chains.length];
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`;
    const port = 1024 + (i % 50000);
    const pick = i % 4;
    const spec =
      pick === 0 ? `-s ${ip} -p tcp -m tcp --dport ${port} -m comment --comment "host ${i}" -j ACCEPT`
      : pick === 1 ? `-s ${ip} -j DROP`
      : pick === 2 ? `-d ${ip} -p udp -m udp --dport ${port} -m conntrack --ctstate NEW -j ACCEPT`
      : `-i eth0 -s ${ip} -p tcp -m multiport --dports 80,443 -j REJECT --reject-with tcp-reset`;
    lines.push(`[${i * 7}:${i * 700}] -A ${chain} ${spec}`);
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/** Runs argv; returns wall seconds and max RSS in MB (null without /usr/bin/time). */
function measure(argv) {
  const full = hasTime ? ['/usr/bin/time', '-f', '%e %M', ...argv] : argv;
  const started = process.hrtime.bigint();
  const r = spawnSync(full[0], full.slice(1), { stdio: ['ignore', devnull, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
  const last = hasTime ? r.stderr.trim().split('\n').pop().split(' ') : null;
  return { seconds: wall, rssMb: last ? Number(last[1]) / 1024 : null };
}

function median(argv) {
  const runs = Array.from({ length: RUNS }, () => measure(argv));
  runs.sort((a, b) => a.seconds - b.seconds);
  const mid = runs[Math.floor(runs.length / 2)];
  return { seconds: mid.seconds, rssMb: Math.max(...runs.map((r) => r.rssMb ?? 0)) || null };
}

const rows = [];
const row = (what, value, target, ok) => rows.push({ what, value, target, verdict: ok === null ? '' : ok ? 'ok' : 'MISS' });
const fmt = (s) => `${(s * 1000).toFixed(0)} ms`;

try {
  // 1. Export from a file: parse + render of a 100k-rule dump.
  const file = join(dir, 'rules-100k.save');
  writeFileSync(file, makeDump(100_000), { mode: 0o600 });
  const fileRun = median(['node', BIN, 'export', '--file', file]);
  row('export --file, 100k rules: time', fmt(fileRun.seconds), '<= 1000 ms', fileRun.seconds <= 1.0);
  row('export --file, 100k rules: max RSS', fileRun.rssMb ? `${fileRun.rssMb.toFixed(0)} MB` : 'n/a (apt-get install time)', '<= 250 MB', fileRun.rssMb ? fileRun.rssMb <= 250 : null);

  // 2. Export from a namespace against iptables-save -c itself, both through ip netns exec.
  if (process.getuid?.() === 0) {
    for (const variant of ['nft', 'legacy']) {
      for (const n of [10_000, 100_000]) {
        const ns = `fwtui-bench-${process.pid}-${variant}-${n}`;
        namespaces.push(ns);
        spawnSync('ip', ['netns', 'add', ns]);
        const load = spawnSync('ip', ['netns', 'exec', ns, `iptables-${variant}-restore`, '-w', '5', '-c'], { input: makeDump(n), encoding: 'utf8' });
        if (load.status !== 0) throw new Error(`loading ${n} rules (${variant}) failed: ${load.stderr}`);
        const base = median(['ip', 'netns', 'exec', ns, `iptables-${variant}-save`, '-c']);
        const ours = median(['node', BIN, 'export', '--netns', ns, '--backend', variant]);
        const ratio = ours.seconds / base.seconds;
        row(`export --netns, ${n / 1000}k rules (${variant})`, `${fmt(ours.seconds)} vs ${fmt(base.seconds)} = ${ratio.toFixed(2)}x`, '<= 1.2x iptables-save -c', ratio <= 1.2);
        spawnSync('ip', ['netns', 'delete', ns]);
      }
    }
  } else {
    row('export --netns rows', 'skipped: needs root', '', null);
  }
} finally {
  for (const ns of namespaces) spawnSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
  closeSync(devnull);
}

const w = [Math.max(...rows.map((r) => r.what.length)), Math.max(...rows.map((r) => r.value.length)), Math.max(...rows.map((r) => r.target.length))];
console.log(`fwtui benchmark (median of ${RUNS} runs; node ${process.version})\n`);
console.log(`${'measure'.padEnd(w[0])}  ${'result'.padEnd(w[1])}  ${'target'.padEnd(w[2])}  verdict`);
for (const r of rows) console.log(`${r.what.padEnd(w[0])}  ${r.value.padEnd(w[1])}  ${r.target.padEnd(w[2])}  ${r.verdict}`);
