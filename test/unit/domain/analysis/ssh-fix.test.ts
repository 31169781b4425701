import { describe, expect, it } from 'vitest';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { ESTABLISHED_SPEC, inputDropAdvice } from '../../../../src/domain/analysis/ssh-fix.js';

const rules = (lines: string[], policy = 'ACCEPT') => {
  const save = [
    '*filter',
    `:INPUT ${policy} [0:0]`,
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ...lines,
    'COMMIT',
  ];
  return parseSave(`${save.join('\n')}\n`);
};

describe('p -> DROP on INPUT: the advice in the policy prompt', () => {
  it('no rule accepts SSH: says so, and the fix accepts ESTABLISHED first and SSH at the end', () => {
    const a = inputDropAdvice(rules(['-A INPUT -i lo -j ACCEPT', '-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT']), [22]);
    expect(a).toEqual({
      warning: 'DROP would cut off new SSH: no rule accepts port 22',
      inserts: [
        { at: 0, spec: ESTABLISHED_SPEC },
        { at: 3, spec: '-p tcp -m tcp --dport 22 -j ACCEPT' },
      ],
    });
  });

  it('rules that end in a REJECT: the SSH accept goes just above it; ESTABLISHED accepted already is not added', () => {
    const lines = [`-A INPUT ${ESTABLISHED_SPEC}`, '-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT', '-A INPUT -j REJECT'];
    const a = inputDropAdvice(rules(lines), [22, 2222]);
    expect(a?.warning).toBe('new SSH (ports 22, 2222) would not get in: filter INPUT rule 3 stops it');
    expect(a?.inserts).toEqual([{ at: 2, spec: '-p tcp -m multiport --dports 22,2222 -j ACCEPT' }]);
  });

  it('SSH accepted (from somewhere): nothing to say', () => {
    expect(inputDropAdvice(rules(['-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT']), [22])).toBeNull();
  });

  it('a block the fix cannot open (raw table): warned, no fix offered', () => {
    const rs = parseSave(
      [
        '*raw',
        ':PREROUTING ACCEPT [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        '-A PREROUTING -p tcp -m tcp --dport 22 -j DROP',
        'COMMIT',
        '*filter',
        ':INPUT ACCEPT [0:0]',
        ':FORWARD ACCEPT [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        'COMMIT',
        '',
      ].join('\n'),
    );
    expect(inputDropAdvice(rs, [22])?.inserts).toEqual([]);
  });
});
