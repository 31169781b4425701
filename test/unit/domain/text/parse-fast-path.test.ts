/**
 * A 100k-rule read must stay fast: every rule line as iptables-save prints it is appended as it is (parse-save.ts
 * appendPrinted), and only other lines go the general way (restore-commands.ts applyCommand). The general way gives
 * the same rules, so only the calls show which way a line went.
 */
import { describe, expect, it, vi } from 'vitest';
import { loadFixtures } from '../../../helpers/fixtures.js';

vi.mock(import('../../../../src/domain/text/restore-commands.js'), async (original) => {
  const actual = await original();
  const applyCommand: typeof actual.applyCommand = (...args) => actual.applyCommand(...args);
  return { ...actual, applyCommand: vi.fn(applyCommand) };
});
vi.mock(import('../../../../src/domain/text/open-table.js'), async (original) => {
  const actual = await original();
  const chainOf: typeof actual.chainOf = (...args) => actual.chainOf(...args);
  return { ...actual, chainOf: vi.fn(chainOf) };
});
const { chainOf } = await import('../../../../src/domain/text/open-table.js');
const { applyCommand } = await import('../../../../src/domain/text/restore-commands.js');
const { parseSave } = await import('../../../../src/domain/text/parse-save.js');

/** The lines of `text` that went the general way. */
function generalLines(text: string): string[] {
  vi.mocked(applyCommand).mockClear();
  parseSave(text);
  return vi.mocked(applyCommand).mock.calls.map(([, line]) => line);
}
const table = (...lines: string[]) =>
  ['*filter', ':INPUT ACCEPT [0:0]', ':web - [0:0]', ...lines, 'COMMIT', ''].join('\n');

describe('which way a rule line is read', () => {
  it('appends every rule of the real dumps as printed, none the general way', () => {
    const fixtures = loadFixtures({ generated: true });
    expect(fixtures.length).toBeGreaterThan(0);
    for (const fx of fixtures) expect(generalLines(fx.save), fx.name).toEqual([]);
  });

  it('appends printed lines with and without counters, a rule without spec, and rules with quotes', () => {
    const lines = [
      '[1:2] -A INPUT -j web',
      '-A web -s 192.0.2.1/32 -j ACCEPT',
      '[0:0] -A web',
      '-A INPUT',
      '-A INPUT -m comment --comment "a b" -j DROP',
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment x-c -j DROP',
    ];
    expect(generalLines(table(...lines))).toEqual([]);
  });

  it('sends other spacing, inline counters, address lists and other commands the general way', () => {
    const lines = [
      '[1:2]  -A INPUT -j DROP',
      '[1:2]-A INPUT -j DROP',
      '-A  INPUT -j DROP',
      '-A INPUT\t-j DROP',
      '-A INPUT -j DROP -c 1 2',
      '-A INPUT -p tcp --set-counters 1 2',
      '-A INPUT -s 192.0.2.1,192.0.2.2 -j DROP',
      '-I INPUT -j DROP',
      '-A',
    ];
    for (const line of lines.slice(0, -1)) expect(generalLines(table(line)), line).toEqual([line]);
    expect(() => parseSave(table('-A '))).toThrow('line 4: -A needs a chain name');
  });
});

describe('finding the chain of a printed rule', () => {
  it('looks a chain up once for the rules printed together, again when the chain changes', () => {
    vi.mocked(chainOf).mockClear();
    parseSave(table('-A INPUT -j A', '-A INPUT -j B', '-A web -j C', '-A web -j D', '-A INPUT -j E', '[1:1] -A INPUT'));
    expect(vi.mocked(chainOf).mock.calls.map(([, name]) => name)).toEqual(['INPUT', 'web', 'INPUT']);
  });

  it('tells apart chains that share a start or a length', () => {
    vi.mocked(chainOf).mockClear();
    const t = ['*filter', ':ab - [0:0]', ':abc - [0:0]', ':xy - [0:0]', '-A ab -j A', '-A abc -j B', '-A xy -j C'];
    const r = parseSave([...t, '-A ab -j D', 'COMMIT', ''].join('\n'));
    expect(vi.mocked(chainOf).mock.calls.map(([, name]) => name)).toEqual(['ab', 'abc', 'xy', 'ab']);
    expect(r.tables[0]!.chains.map((c) => c.rules.map((x) => x.spec).join(' '))).toEqual(['-j A -j D', '-j B', '-j C']);
  });
});
