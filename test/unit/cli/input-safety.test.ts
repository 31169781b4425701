/**
 * Input that could hang fwtui or steer the admin's terminal: a FIFO given as
 * --file, escape sequences in a broken file, and trace's errors that must
 * never read as a verdict.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeRunner } from '../../../src/backend/fake-runner.js';
import { main, type MainDeps } from '../../../src/cli/main.js';
import { printable } from '../../../src/domain/text/printable.js';
import { FIXTURE_DIR } from '../../helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'fwtui-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function harness(runner = new FakeRunner()) {
  const out: string[] = [];
  const err: string[] = [];
  const deps: MainDeps = { runner, stdout: (t) => out.push(t), stderr: (t) => err.push(t), isRoot: () => true };
  return { deps, out: () => out.join(''), err: () => err.join('') };
}

describe('a --file that is not a regular file', () => {
  it('a FIFO is refused at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'rules.fifo');
    execFileSync('mkfifo', [fifo]);
    const h = harness();
    const started = Date.now();
    const code = await Promise.race([
      main(['list', '--file', fifo], h.deps),
      new Promise<string>((r) => setTimeout(() => r('hung'), 3000)),
    ]);
    expect(code).toBe(3);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(h.err()).toBe(
      `fwtui: cannot read ${fifo}: not a regular file (a FIFO); to read a pipe, use --file - and redirect it\n`,
    );
  });

  it('a device is refused too', async () => {
    const h = harness();
    expect(await main(['list', '--file', '/dev/zero'], h.deps)).toBe(3);
    expect(h.err()).toMatch(/cannot read \/dev\/zero: not a regular file \(a character device\)/);
  });
});

describe('messages that quote input', () => {
  it('escape control characters, so a file cannot drive the terminal', async () => {
    const bad = join(dir, 'evil.rules');
    writeFileSync(bad, '*\u001b]2;pwned\u0007\u001b[2J\u009b31m\n:INPUT ACCEPT [0:0]\nCOMMIT\n');
    const h = harness();
    expect(await main(['list', '--file', bad], h.deps)).toBe(3);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control byte may reach the terminal
    expect(h.err()).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(h.err()).toContain('\\x1b]2;pwned\\x07\\x1b[2J\\x9b31m');
  });

  it('printable keeps text, newlines and non-ASCII letters, escapes the rest', () => {
    expect(printable('a\tb\nc é €')).toBe('a\\x09b\nc é €');
    expect(printable('\u001b[31m\u007f\u0085')).toBe('\\x1b[31m\\x7f\\x85');
    expect(printable('line1\nline2', { newlines: false })).toBe('line1\\x0aline2');
  });
});

describe('trace: an error is never a verdict', () => {
  const packet = ['-p', 'tcp', '-s', '192.0.2.1', '--dport', '22'];

  it('a missing --file is not "uncertain" (3)', async () => {
    const h = harness();
    const code = await main(['trace', ...packet, '--file', join(dir, 'missing.rules')], h.deps);
    expect(code).toBe(11);
    expect(h.err()).toMatch(/cannot read .*missing\.rules: no such file/);
  });

  it('a broken --file is not "uncertain" (3)', async () => {
    const broken = join(dir, 'broken.rules');
    writeFileSync(broken, '*filter\n:INPUT ACCEPT [0:0]\n');
    const h = harness();
    expect(await main(['trace', ...packet, '--file', broken], h.deps)).toBe(11);
  });

  it('a namespace that cannot be entered is not "dropped" (1)', async () => {
    const runner = new FakeRunner().expect(['ip', 'netns', 'exec', 'nosuch', 'iptables-save', '-c'], {
      exitCode: 1,
      stderr: 'Cannot open network namespace "nosuch": No such file or directory\n',
    });
    const h = harness(runner);
    expect(await main(['trace', ...packet, '--netns', 'nosuch'], h.deps)).toBe(11);
    expect(h.err()).toMatch(/nosuch/);
  });

  it('a bad packet stays a usage error (2), and a verdict is still 0/1/3', async () => {
    const h = harness();
    expect(
      await main(
        ['trace', '-p', 'tcp', '--dport', 'x', '--file', join(FIXTURE_DIR, 'tutorial-webserver.v4.save')],
        h.deps,
      ),
    ).toBe(2);
    const ok = harness();
    const file = join(FIXTURE_DIR, 'tutorial-webserver.v4.save');
    expect(
      await main(['trace', '-p', 'tcp', '-s', '192.0.2.1', '--dport', '22', '-i', 'eth0', '--file', file], ok.deps),
    ).toBe(0);
  });
});
