/**
 * Reverts under a concurrent writer, on nft and legacy: while `fwtui revert`
 * runs, another process in the namespace keeps one rule of its own at the
 * head of INPUT and loops `-I INPUT 1 -s 198.51.100.N -j ACCEPT` / `-D …`.
 * After each revert the chain must be what it was before the commit plus the
 * writer's standing rule, in order; none of the writer's deletes may fail
 * (a rule of its own that the revert took). FWTUI_HAMMER_TRIALS=40 is the
 * hand measurement.
 */
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateRoot } from '../../src/app/state/state-dir.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';

const available = await requireNetns();
const TRIALS = Number(process.env.FWTUI_HAMMER_TRIALS ?? 10);

const INPUT = [
  '-A INPUT -i lo -j ACCEPT',
  '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
  '-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT',
  '-A INPUT -p tcp -m tcp --dport 443 -j ACCEPT',
];
const table = (rules: readonly string[]): string =>
  `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${rules.join('\n')}\nCOMMIT\n`;
const BASE = table(INPUT);
// The commit: a rule inserted near the top, port 80 deleted from the middle, a DROP appended.
// Its revert deletes two rules and puts one back in the middle: every kind of positional write.
const COMMITTED = table([
  INPUT[0]!,
  '-A INPUT -s 192.0.2.7/32 -j DROP',
  INPUT[1]!,
  INPUT[2]!,
  INPUT[4]!,
  '-A INPUT -p tcp -m tcp --dport 5555 -j DROP',
]);
const STANDING = '-A INPUT -s 198.51.100.250/32 -j ACCEPT';

/** The concurrent writer: a standing rule at the head, then insert/delete pairs until stopped. */
function hammer(ns: TestNetns, prog: string): { stop(): Promise<{ pairs: number; failures: string[] }> } {
  let stopping = false;
  const failures: string[] = [];
  let pairs = 0;
  const ipt = async (args: string[]): Promise<boolean> => {
    const r = await execa('ip', ['netns', 'exec', ns.name, prog, '-w', '5', ...args], { reject: false });
    if (r.exitCode !== 0) failures.push(`${args.join(' ')}: ${String(r.stderr).trim()}`);
    return r.exitCode === 0;
  };
  const run = (async () => {
    await ipt(['-I', 'INPUT', '1', '-s', '198.51.100.250', '-j', 'ACCEPT']);
    for (let n = 1; !stopping && n < 5000; n++) {
      const spec = ['INPUT', '-s', `198.51.100.${n % 200}`, '-j', 'ACCEPT'];
      if (await ipt(['-I', spec[0]!, '1', ...spec.slice(1)])) await ipt(['-D', ...spec]);
      pairs++;
    }
  })();
  return {
    async stop() {
      stopping = true;
      await run;
      return { pairs, failures };
    },
  };
}

for (const variant of ['nft', 'legacy'] as const) {
  const prog = `iptables-${variant}`;
  describe.runIf(available)(`revert under a concurrent writer (${variant})`, () => {
    let ns: TestNetns;
    let dir: string;
    const target = (): string[] => ['--netns', ns.name, '--backend', variant];
    beforeAll(async () => {
      ns = await createNetns();
      dir = await mkdtemp(join(tmpdir(), 'fwtui-hammer-'));
      await writeFile(join(dir, 'commit.rules'), COMMITTED);
    });
    afterAll(async () => {
      await ns?.remove();
      if (ns) await rm(stateRoot(ns.name), { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    });

    it(
      `${TRIALS} reverts while another process writes to INPUT: no rule lost or moved`,
      async () => {
        const bad: string[] = [];
        const badTrials = new Set<number>();
        let pairs = 0;
        for (let trial = 0; trial < TRIALS; trial++) {
          await ns.exec([`${prog}-restore`], BASE);
          const applied = await runCli([
            'apply',
            join(dir, 'commit.rules'),
            '--no-wait',
            '--confirm-timeout',
            '60',
            ...target(),
          ]);
          expect(applied.exitCode, applied.stderr).toBe(0);
          const writer = hammer(ns, prog);
          // Let the writer get going (a random head start), then revert while it runs.
          await new Promise((r) => setTimeout(r, 30 + Math.random() * 60));
          const reverted = await runCli(['revert', ...target()]);
          const { failures, pairs: n } = await writer.stop();
          pairs += n;
          const rules = (await ns.exec([prog, '-S', 'INPUT']))
            .trim()
            .split('\n')
            .filter((l) => l.startsWith('-A'));
          const want = [STANDING, ...INPUT];
          if (reverted.exitCode !== 0)
            bad.push(`trial ${trial}: revert exit ${reverted.exitCode}: ${reverted.stderr.trim()}`);
          if (rules.join('\n') !== want.join('\n')) bad.push(`trial ${trial}: INPUT is\n  ${rules.join('\n  ')}`);
          if (failures.length > 0) bad.push(`trial ${trial}: the writer's own commands failed: ${failures.join('; ')}`);
          await ns.exec([prog, '-D', 'INPUT', '-s', '198.51.100.250', '-j', 'ACCEPT']).catch(() => '');
          if (bad.some((b) => b.startsWith(`trial ${trial}:`))) badTrials.add(trial);
          // A failed revert leaves its commit open: clear it so the next trial can apply.
          if (reverted.exitCode !== 0) await rm(stateRoot(ns.name), { recursive: true, force: true });
        }
        if (process.env.FWTUI_HAMMER_TRIALS)
          process.stdout.write(
            `${variant}: ${TRIALS - badTrials.size}/${TRIALS} clean, ${pairs} writer pairs\n${bad.join('\n')}\n`,
          );
        expect(bad).toEqual([]);
      },
      60_000 + TRIALS * 8_000,
    );
  });
}
