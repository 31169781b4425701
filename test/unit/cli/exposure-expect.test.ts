/** fwtui exposure: --expect's `@` (interface or bind address, as in the table), --json's `expected`, --listen. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRunner } from '../../../src/backend/fake-runner.js';
import { parseArgs } from '../../../src/cli/args.js';
import { main, type MainDeps } from '../../../src/cli/main.js';

const RULES = [
  '*filter',
  ':INPUT DROP [0:0]',
  '-A INPUT -i eth0 -p tcp -m tcp --dport 22 -j ACCEPT',
  '-A INPUT -i eth0 -p tcp -m tcp --dport 80 -j ACCEPT',
  'COMMIT',
  '',
].join('\n');

let dir = '';
const path = (n: string) => join(dir, n);
const files: Record<string, string> = {
  'rules.v4': RULES,
  'by-address': 'tcp/22@eth0\ntcp/80@192.0.2.10\n',
  'other-address': 'tcp/22@eth0\ntcp/80@192.0.2.99\n',
  'no-such-if': 'tcp/22@nosuchif\ntcp/80\n',
  'six-too': 'tcp/22\ntcp/80\ntcp/443@[2001:db8::1]\n',
  'ssh-only': 'tcp/22\n',
};
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fwtui-expect-'));
  for (const [n, text] of Object.entries(files)) await writeFile(path(n), text);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = async (...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const runner = new FakeRunner();
  const deps: MainDeps = { runner, stdout: (t) => out.push(t), stderr: (t) => err.push(t), isRoot: () => false };
  const argv = ['exposure', '--file', path('rules.v4'), '--listen', 'tcp/22,tcp/80@192.0.2.10', ...args];
  const code = await main(argv, deps);
  return { code, out: out.join(''), err: err.join('') };
};

describe('--expect proto/port@…', () => {
  it('@ADDRESS is the bind address, as the table prints it (tcp/80@192.0.2.10); @NAME an interface', async () => {
    const r = await run('--expect', path('by-address'));
    expect(r.out).toContain('tcp/80@192.0.2.10');
    expect(r.code).toBe(0);
    const other = await run('--expect', path('other-address'));
    expect(other.code).toBe(3);
    expect(other.err).toContain('192.0.2.99');
  });

  it('an interface the report does not have is bad input (exit 3), naming the line and the interfaces', async () => {
    const r = await run('--expect', path('no-such-if'));
    expect(r.code).toBe(3);
    expect(r.err).toContain('line 1');
    expect(r.err).toContain('nosuchif');
    expect(r.err).toContain('eth0, (other)');
  });

  it("an address of the other family is for the other family's report, not an error", async () => {
    expect((await run('--expect', path('six-too'))).code).toBe(0);
  });
});

describe('--json with --expect', () => {
  it('marks each entry expected true or false', async () => {
    const r = await run('--expect', path('ssh-only'), '--json');
    expect(r.code).toBe(1);
    const entries = JSON.parse(r.out).entries as { port: number; interface: string; expected: boolean }[];
    const eth0 = (port: number) => entries.find((e) => e.port === port && e.interface === 'eth0');
    expect(eth0(22)?.expected).toBe(true);
    expect(eth0(80)?.expected).toBe(false);
    expect(entries.every((e) => typeof e.expected === 'boolean')).toBe(true);
  });

  it('has no expected field without --expect', async () => {
    expect(JSON.parse((await run('--json')).out).entries[0]).not.toHaveProperty('expected');
  });
});

describe('--file and --listen', () => {
  it('--file without --listen is a usage error: the sockets of that machine are unknown to fwtui', () => {
    expect(() => parseArgs(['exposure', '--file', 'rules.v4'])).toThrow(/--file needs --listen/);
  });

  it('--listen none: the admin says nothing listens; accepted ports are then "no listener"', async () => {
    const out: string[] = [];
    const deps: MainDeps = {
      runner: new FakeRunner(),
      stdout: (t) => out.push(t),
      stderr: () => {},
      isRoot: () => false,
    };
    const code = await main(['exposure', '--file', path('rules.v4'), '--listen', 'none', '--json'], deps);
    expect(code).toBe(0);
    const entries = JSON.parse(out.join('')).entries as { port: number; verdict: string }[];
    expect(entries.map((e) => [e.port, e.verdict])).toEqual([
      [22, 'no-listener'],
      [80, 'no-listener'],
    ]);
  });
});
