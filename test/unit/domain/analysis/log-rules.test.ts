import { describe, expect, it } from 'vitest';
import {
  hitKey,
  logRulesByKey,
  logSignature,
  nflogGroups,
  signatureKey,
  signatureWarning,
} from '../../../../src/domain/analysis/log-rules.js';
import type { LogHit } from '../../../../src/domain/text/log-hit.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:LOGDROP - [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j LOG --log-prefix "ssh-in: "
-A INPUT -p tcp -m tcp --dport 80 -j LOG --log-prefix "ssh-in: " --log-level 6
-A INPUT -p udp -j LOG
-A INPUT -p icmp -j NFLOG --nflog-prefix ping --nflog-group 5
-A INPUT -p icmp -j NFLOG
-A LOGDROP -j LOG --log-prefix "dropped " --log-level 4
-A LOGDROP -j LOG --log-prefix "dropped "
-A LOGDROP -j DROP
COMMIT
`;
const rs = parseSave(RULES, { family: 'ipv4' });
const filter = rs.tables[0]!;
const input = filter.chains.find((c) => c.name === 'INPUT')!;
const logdrop = filter.chains.find((c) => c.name === 'LOGDROP')!;

const hit = (p: Partial<LogHit>): LogHit => ({
  via: 'kernel-log',
  family: 'ipv4',
  prefix: '',
  level: 4,
  group: null,
  fromKernel: true,
  time: 0,
  in: null,
  out: null,
  src: null,
  dst: null,
  proto: null,
  spt: null,
  dpt: null,
  ...p,
});

describe('log signatures', () => {
  it('reads prefix and level (default 4) of LOG, group (default 0) and prefix of NFLOG; none for other targets', () => {
    expect(logSignature(input.rules[0]!, 'ipv4')).toEqual({
      kind: 'LOG',
      family: 'ipv4',
      prefix: 'ssh-in: ',
      level: 4,
      group: null,
    });
    expect(logSignature(input.rules[1]!, 'ipv4')?.level).toBe(6);
    expect(logSignature(input.rules[3]!, 'ipv4')).toMatchObject({ kind: 'NFLOG', group: 5, prefix: 'ping' });
    expect(logSignature(input.rules[4]!, 'ipv4')).toMatchObject({ kind: 'NFLOG', group: 0, prefix: '' });
    expect(logSignature(logdrop.rules[2]!, 'ipv4')).toBeNull();
  });

  it('matches a line to its rule by prefix and level: the same prefix at another level is another rule', () => {
    const byKey = logRulesByKey('ipv4', rs.tables);
    const at4 = byKey.get(hitKey(hit({ prefix: 'ssh-in: ', level: 4 }))!);
    const at6 = byKey.get(hitKey(hit({ prefix: 'ssh-in: ', level: 6 }))!);
    expect(at4).toEqual([{ table: 'filter', chain: 'INPUT', number: 1 }]);
    expect(at6).toEqual([{ table: 'filter', chain: 'INPUT', number: 2 }]);
    expect(byKey.get(hitKey(hit({ prefix: 'ssh-in: ', level: 4, family: 'ipv6' }))!)).toBeUndefined();
    const nflog = hit({ via: 'nflog', prefix: 'ping', level: null, group: 5 });
    expect(byKey.get(hitKey(nflog)!)).toEqual([{ table: 'filter', chain: 'INPUT', number: 4 }]);
  });

  it('says when rules share a signature, and that a LOG rule without prefix cannot be told apart', () => {
    const byKey = logRulesByKey('ipv4', rs.tables);
    const sig = logSignature(logdrop.rules[0]!, 'ipv4')!;
    expect(signatureWarning(sig, byKey.get(signatureKey(sig)!)!)).toBe(
      '2 LOG rules share this prefix and level (filter LOGDROP #1, filter LOGDROP #2): ' +
        'their lines are shown under each',
    );
    const bare = logSignature(input.rules[2]!, 'ipv4')!;
    expect(signatureKey(bare)).toBeNull();
    expect(hitKey(hit({ prefix: '' }))).toBeNull();
    expect(signatureWarning(bare, [])).toMatch(/no --log-prefix: its lines cannot be told/);
    expect(
      signatureWarning(logSignature(input.rules[0]!, 'ipv4')!, [{ table: 'filter', chain: 'INPUT', number: 1 }]),
    ).toBeNull();
  });

  it('lists the NFLOG groups to read', () => {
    expect(nflogGroups('ipv4', rs.tables)).toEqual([0, 5]);
  });
});
