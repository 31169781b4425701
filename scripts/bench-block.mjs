// npm run bench, row "fwtui block 100k": `fwtui block` of 100,000 addresses into a new hash:net set (under the
// safety net, --no-wait, then confirmed) beside `ipset restore` of the same entries, each in a fresh namespace,
// measured in the same run. Needs root. Every namespace it makes is deleted.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const N = 100_000;
const addresses = () => Array.from({ length: N }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);

/**
 * @param ctx { BIN, dir, runs, namespaces, measure(argv): {seconds}, row(what, value, target, ok), fmt(s) }
 */
export function blockBench(ctx) {
  const list = join(ctx.dir, 'block-100k.txt');
  const restore = join(ctx.dir, 'block-100k.ipset');
  const elems = addresses();
  writeFileSync(list, `${elems.join('\n')}\n`, { mode: 0o600 });
  writeFileSync(
    restore,
    `create bl hash:net family inet maxelem 131072\n${elems.map((e) => `add bl ${e}`).join('\n')}\n`,
    {
      mode: 0o600,
    },
  );
  const fresh = (tag, i) => {
    const ns = `fwtui-bench-${process.pid}-block-${tag}-${i}`;
    ctx.namespaces.push(ns);
    spawnSync('ip', ['netns', 'add', ns]);
    return ns;
  };
  const drop = (ns) => {
    spawnSync('ip', ['netns', 'exec', ns, 'ipset', 'destroy'], { stdio: 'ignore' });
    spawnSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
    // The confirmed commit's guard may still be writing its last words there: retry.
    rmSync(join('/run/fwtui/netns', ns), { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  };
  const ours = [];
  const base = [];
  for (let i = 0; i < ctx.runs; i++) {
    // Alternated, so a busy moment of the machine falls on both sides alike.
    const a = fresh('ipset', i);
    base.push(ctx.measure(['ip', 'netns', 'exec', a, 'ipset', '-file', restore, 'restore']).seconds);
    drop(a);
    const b = fresh('fwtui', i);
    const argv = ['block', '--set', 'bl', '--create', 'hash:net', '--file', list, '--netns', b, '--no-wait'];
    ours.push(ctx.measure(['node', ctx.BIN, ...argv, '--confirm-timeout', '600']).seconds);
    // Confirmed, so its guard ends before the namespace goes.
    spawnSync('node', [ctx.BIN, 'confirm', '--netns', b], { stdio: 'ignore' });
    drop(b);
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const [o, r] = [median(ours), median(base)];
  ctx.row(
    'fwtui block 100k into new hash:net',
    `${ctx.fmt(o)} vs ${ctx.fmt(r)} = ${(o / r).toFixed(2)}x`,
    '<= 1.5x',
    o / r <= 1.5,
  );
  ctx.row('  ipset restore of the same 100k entries', ctx.fmt(r), '', null);
  rmSync(list, { force: true });
  rmSync(restore, { force: true });
}
