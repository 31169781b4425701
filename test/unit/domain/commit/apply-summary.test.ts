import { describe, expect, it } from 'vitest';
import { applySummary } from '../../../../src/domain/commit/apply-summary.js';
import { noflushPlans } from '../../../../src/domain/commit/noflush-plan.js';
import { ParseError } from '../../../../src/domain/text/parse-error.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { renderSave } from '../../../../src/domain/text/render-save.js';
import { replacePlans } from '../../../../src/domain/commit/replace-plan.js';

const LIVE = parseSave(`*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER - [0:0]
:KUBE-SERVICES - [0:0]
:WEB - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j WEB
-A FORWARD -o docker0 -j DOCKER
-A DOCKER -j RETURN
-A KUBE-SERVICES -j RETURN
-A WEB -j ACCEPT
COMMIT
`);

describe('apply summary, worst first', () => {
  it('orders policies, deleted chains (owners marked), flushed chains, then counts; lists the foreign ones', () => {
    const file = parseSave(
      [
        '*filter',
        ':INPUT ACCEPT [0:0]',
        ':KUBE-SERVICES - [0:0]',
        '-A INPUT -i lo -j ACCEPT',
        '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
        'COMMIT',
        '',
      ].join('\n'),
    );
    const s = applySummary(replacePlans(LIVE, file));
    expect(s.lines).toEqual([
      'filter INPUT: policy DROP → ACCEPT',
      "filter: chain DOCKER deleted with its 1 rule (Docker's chain)",
      'filter: chain WEB deleted with its 1 rule',
      'filter FORWARD: its 1 rule removed',
      "filter KUBE-SERVICES: its 1 rule removed (kube-proxy's chain)",
      'filter: 1 rule added, 1 removed',
    ]);
    expect(s.foreign).toEqual([
      { table: 'filter', chain: 'DOCKER', owner: 'Docker', how: 'deleted' },
      { table: 'filter', chain: 'KUBE-SERVICES', owner: 'kube-proxy', how: 'flushed' },
    ]);
  });
});

describe('--noflush as iptables-restore --noflush', () => {
  it(
    'a built-in chain declared gets its policy; a user ' + 'chain declared is refilled; -I inserts; nothing deleted',
    () => {
      const plans = noflushPlans(
        LIVE,
        [
          '*filter',
          ':INPUT ACCEPT [0:0]',
          ':WEB - [0:0]',
          ':NEW - [0:0]',
          '-I INPUT 1 -s 192.0.2.1/32 -j DROP',
          '-A WEB -j DROP',
          '-A NEW -j RETURN',
          'COMMIT',
          '',
        ].join('\n'),
      );
      expect(plans).toHaveLength(1);
      const text = renderSave({ ...LIVE, tables: [plans[0]!.staged] }, { counters: false });
      expect(text).toContain(':INPUT ACCEPT');
      const input = [
        '-A INPUT -s 192.0.2.1/32 -j DROP',
        '-A INPUT -i lo -j ACCEPT',
        '-A INPUT -p tcp -m tcp --dport 80 -j WEB',
      ];
      expect(text).toContain(`${input.join('\n')}\n`);
      expect(text).toContain('-A WEB -j DROP\n');
      expect(text).not.toContain('-A WEB -j ACCEPT');
      expect(text).toContain('-A DOCKER -j RETURN');
      expect(text).toContain(':NEW -');
      expect(applySummary(plans).foreign).toEqual([]);
    },
  );

  it("a bad line is reported at the file's own line number", () => {
    expect(() => noflushPlans(LIVE, '*filter\n-A INPUT -j ACCEPT\n-A NOSUCH -j ACCEPT\nCOMMIT\n')).toThrow(ParseError);
    expect(() => noflushPlans(LIVE, '*filter\n-A INPUT -j ACCEPT\n-A NOSUCH -j ACCEPT\nCOMMIT\n')).toThrow(/^line 3: /);
  });
});
