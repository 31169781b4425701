/** fwtui exposure on a saved ruleset (--file --listen): the table, --json's schema, --expect and exit codes. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRunner } from '../../../src/backend/fake-runner.js';
import { main, type MainDeps } from '../../../src/cli/main.js';
import { parseArgs, UsageError } from '../../../src/cli/args.js';

const RULES = [
  '*filter',
  ':INPUT DROP [0:0]',
  ':FORWARD DROP [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  '-A INPUT -i lo -j ACCEPT',
  '-A INPUT -i eth0 -p tcp -m tcp --dport 22 -j ACCEPT',
  '-A INPUT -s 192.0.2.0/24 -i eth0 -p tcp -m tcp --dport 5432 -m comment --comment "the reporting ' +
    'database replica, reached from the office network only, see the runbook" -j ACCEPT',
  'COMMIT',
  '',
].join('\n');

let dir = '';
const path = (n: string) => join(dir, n);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fwtui-exposure-'));
  await writeFile(path('rules.v4'), RULES);
  await writeFile(path('ok'), '# known\ntcp/22@eth0\ntcp/5432\n');
  await writeFile(path('ssh-only'), 'tcp/22\n');
  await writeFile(path('bad'), 'tcp/22\nssh\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function harness() {
  const out: string[] = [];
  const err: string[] = [];
  const runner = new FakeRunner();
  const deps: MainDeps = { runner, stdout: (t) => out.push(t), stderr: (t) => err.push(t), isRoot: () => false };
  return { deps, runner, out: () => out.join(''), err: () => err.join('') };
}
const run = async (...args: string[]) => {
  const h = harness();
  const code = await main(
    ['exposure', '--file', path('rules.v4'), '--listen', 'tcp/22,tcp/5432,tcp/631@127.0.0.1', ...args],
    h.deps,
  );
  h.runner.assertAllCalled();
  return { code, out: h.out(), err: h.err() };
};

describe('fwtui exposure --file --listen', () => {
  it('prints each port per interface within 80 columns, wrapping a long rule rather than cutting it', async () => {
    const r = await run();
    const lines = r.out.trimEnd().split('\n');
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^IPv4: a NEW connection from 203\.0\.113\.7, an internet address no rule names/);
    expect(lines.slice(2, 4)).toEqual([
      'PORT               IFACE    VERDICT     PROCESS',
      'tcp/22             eth0     open        -',
    ]);
    const joined = r.out.replace(/\n\s+/g, ' ');
    expect(joined).toContain('from 192.0.2.0/24');
    expect(joined).toContain('see the runbook" -j ACCEPT');
    expect(lines).toContain('tcp/631@127.0.0.1  eth0     local only  -');
    expect(r.code).toBe(1);
    expect(joined).toContain('open from outside: tcp/22@eth0, tcp/5432@eth0 (exit 1;');
  });

  it('--json prints the documented schema', async () => {
    const r = await run('--json');
    const json = JSON.parse(r.out);
    expect(json.family).toBe('ipv4');
    expect(json.interfaces).toEqual(['eth0', '(other)']);
    expect(json.entries[0]).toEqual({
      proto: 'tcp',
      port: 22,
      bind: '0.0.0.0',
      interface: 'eth0',
      via: 'local',
      to: null,
      process: null,
      verdict: 'open',
      from: ['0.0.0.0/0'],
      decided_by: {
        table: 'filter',
        chain: 'INPUT',
        num: 2,
        rule: '-A INPUT -i eth0 -p tcp -m tcp --dport 22 -j ACCEPT',
      },
      reason: null,
    });
    expect(
      json.entries.find((e: { interface: string; port: number }) => e.interface === '(other)' && e.port === 22),
    ).toMatchObject({ verdict: 'filtered', decided_by: { policy: 'INPUT' } });
  });

  it('--expect: exit 0 when everything open is listed, 1 naming what is not', async () => {
    expect((await run('--expect', path('ok'))).code).toBe(0);
    const r = await run('--expect', path('ssh-only'));
    expect(r.code).toBe(1);
    expect(r.out.replace(/\n\s+/g, ' ')).toContain(`open and not in ${path('ssh-only')}: tcp/5432@eth0 (exit 1;`);
    expect((await run('--expect', path('ssh-only'), '--json')).code).toBe(1);
  });

  it('a bad --expect line is bad input (exit 3) naming the line, before any report', async () => {
    const r = await run('--expect', path('bad'));
    expect(r.code).toBe(3);
    expect(r.err).toContain('line 2: "ssh" is not proto/port[@interface|@address]');
    expect(r.out).toBe('');
  });

  it('--listen goes with --file and is checked; --expect goes with exposure', () => {
    expect(() => parseArgs(['exposure', '--listen', 'tcp/22'])).toThrow(UsageError);
    expect(() => parseArgs(['exposure', '--file', 'x', '--listen', 'tcp/ssh'])).toThrow('is not proto/port');
    expect(() => parseArgs(['list', '--expect', 'x'])).toThrow('--listen and --expect go with exposure');
    expect(parseArgs(['exposure', '-6', '--json', '--netns', 'n1'])).toMatchObject({ command: 'exposure', json: true });
  });
});
