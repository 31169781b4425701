/**
 * A rule's text is split into arguments only when something asks (a 100k-rule read must not build 100k argument
 * arrays): while reading, only rules with quotes, backslashes or `-c` counters are split, to check or take them out.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock(import('../../../../src/domain/text/quoting.js'), async (original) => {
  const actual = await original();
  const splitArgs: typeof actual.splitArgs = (line) => actual.splitArgs(line);
  const quotingProblem: typeof actual.quotingProblem = (line, from) => actual.quotingProblem(line, from);
  return { ...actual, splitArgs: vi.fn(splitArgs), quotingProblem: vi.fn(quotingProblem) };
});
const { quotingProblem, splitArgs } = await import('../../../../src/domain/text/quoting.js');
const { parseSave } = await import('../../../../src/domain/text/parse-save.js');

/** The rule texts split while reading `line` in a filter table. */
function splitWhileReading(line: string): string[] {
  vi.mocked(splitArgs).mockClear();
  parseSave(`*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j A\n${line}\nCOMMIT\n`);
  return vi.mocked(splitArgs).mock.calls.map(([text]) => text);
}

describe('splitting rules while reading', () => {
  it('leaves plain rules unsplit, whichever command adds them', () => {
    for (const line of ['-I INPUT -p tcp -j DROP', '-R INPUT 1 -j DROP', '[1:2]  -A INPUT -j DROP', '-A INPUT -j B']) {
      expect(splitWhileReading(line), line).toEqual([]);
    }
  });

  it('splits rules with quotes, backslashes or -c counters', () => {
    expect(splitWhileReading('-I INPUT -m comment --comment "a b"')).toEqual(['-m comment --comment "a b"']);
    expect(splitWhileReading('-I INPUT -j LOG --log-prefix a\\ b')).toEqual(['-j LOG --log-prefix a\\ b']);
    expect(splitWhileReading('-I INPUT -c 1 2 -j DROP')).toEqual(['-c 1 2 -j DROP']);
  });
});

describe('checking quotes while reading', () => {
  it('scans only printed rules with a quote or a backslash, from the end of the chain name on', () => {
    const scanned = (line: string) => {
      vi.mocked(quotingProblem).mockClear();
      parseSave(`*filter\n:INPUT ACCEPT [0:0]\n${line}\nCOMMIT\n`);
      return vi.mocked(quotingProblem).mock.calls;
    };
    expect(scanned('-A INPUT -p tcp -j DROP')).toEqual([]);
    expect(scanned('[1:2] -A INPUT')).toEqual([]);
    expect(scanned('-A INPUT -m comment --comment "a b"')).toEqual([['-A INPUT -m comment --comment "a b"', 9]]);
    expect(scanned('-A INPUT -j LOG --log-prefix a\\ b')).toEqual([['-A INPUT -j LOG --log-prefix a\\ b', 9]]);
  });
});
