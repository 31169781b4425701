/** Every bad command line is one line and `see fwtui --help`, exit 2: parsed flags, the theme, a --root that is not. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeRunner } from '../../../src/backend/fake-runner.js';
import { main, type MainDeps } from '../../../src/cli/main.js';
import { startTui } from '../../../src/cli/start-tui.js';
import { report } from '../../../src/cli/error-report.js';
import { PacketSpecError } from '../../../src/domain/analysis/packet-spec.js';

const base = mkdtempSync(join(tmpdir(), 'fwtui-usage-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function harness(): { deps: MainDeps; err: () => string; runner: FakeRunner } {
  const err: string[] = [];
  const runner = new FakeRunner();
  const deps: MainDeps = {
    runner,
    stdout: () => {},
    stderr: (t) => err.push(t),
    isRoot: () => false,
    startTui: (opts, r) =>
      startTui(opts, r, { stderr: (t) => err.push(t), isTerminal: false, isRoot: false, guardCommand: [] }),
  };
  return { deps, err: () => err.join(''), runner };
}

describe('usage errors', () => {
  it('an unknown --theme says the themes and where the help is (exit 2)', async () => {
    const h = harness();
    expect(await main(['--theme', 'bogus', '--file', '/dev/null'], h.deps)).toBe(2);
    expect(h.err()).toMatch(/^fwtui: unknown theme "bogus" \(default, .*\)\nsee fwtui --help\n$/);
  });

  it('-4 with -6 is refused, not the last one taken (exit 2)', async () => {
    const h = harness();
    expect(await main(['-4', '-6', 'list', '--file', '/dev/null'], h.deps)).toBe(2);
    expect(h.err()).toBe('fwtui: -4 and -6 do not go together (one family at a time)\nsee fwtui --help\n');
  });

  it('--root that does not exist or is not a directory is said in plain words before anything (exit 2)', async () => {
    const h = harness();
    h.deps.isRoot = () => true;
    expect(await main(['save', '--root', '/nonexistent/dir', '--yes'], h.deps)).toBe(2);
    expect(h.err()).toBe('fwtui: --root /nonexistent/dir does not exist\nsee fwtui --help\n');
    const file = join(base, 'a-file');
    writeFileSync(file, '');
    const g = harness();
    g.deps.isRoot = () => true;
    expect(await main(['saved-diff', '--root', file], g.deps)).toBe(2);
    expect(g.err()).toBe(`fwtui: --root ${file} is not a directory\nsee fwtui --help\n`);
    g.runner.assertAllCalled();
  });
});

describe('usage errors found after parsing', () => {
  it('a packet a command reads wrongly later is a usage error too: one line and see fwtui --help', () => {
    const err: string[] = [];
    expect(report(new PacketSpecError('--dport needs a value'), { stderr: (t) => err.push(t) })).toBe(2);
    expect(err.join('')).toBe('fwtui: trace: --dport needs a value\nsee fwtui --help\n');
  });
});
