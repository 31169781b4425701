import { describe, expect, it } from 'vitest';
import type { ExposureEntry, ExposureReport } from '../../../../src/domain/exposure/exposure-entry.js';
import { exposureText, wrapWords } from '../../../../src/domain/exposure/exposure-text.js';

const entry: ExposureEntry = {
  proto: 'tcp',
  port: 8080,
  bind: null,
  interface: 'enp0s31f6-long1',
  via: 'dnat',
  to: '[2001:db8:1234:5678:9abc:def0:1234:5678]:80',
  process: 'docker-proxy',
  verdict: 'open-from',
  from: ['192.0.2.0/24', '198.51.100.0/24', 'set:office-and-vpn-gateways'],
  decided_by: {
    table: 'filter',
    chain: 'DOCKER-USER',
    num: 2,
    rule:
      '-A DOCKER-USER -s 192.0.2.0/24 -i enp0s31f6-long1 -m comment --comment ' +
      '"a-very-long-comment-without-any-space-in-it-that-no-line-can-hold-whole-at-all" -j RETURN',
  },
  reason: null,
};

describe('exposure as text', () => {
  it('wraps at spaces within 80 columns and never cuts a word (a longer word stands whole)', () => {
    const report: ExposureReport = {
      family: 'ipv6',
      interfaces: ['enp0s31f6-long1'],
      entries: [entry],
      internet: '2001:db8::7',
    };
    const lines = exposureText(report);
    expect(lines.slice(0, 2)).toEqual([
      'IPv6: a NEW connection from 2001:db8::7, an internet address no rule names, per',
      '  interface',
    ]);
    const long = lines.filter((l) => l.length > 80);
    expect(long).toEqual([expect.stringContaining('a-very-long-comment-without-any-space')]);
    const joined = lines.map((l) => l.trim()).join(' ');
    expect(joined).toContain(entry.decided_by && 'rule' in entry.decided_by ? entry.decided_by.rule : '');
    expect(joined).toContain('from 192.0.2.0/24, 198.51.100.0/24, set:office-and-vpn-gateways');
    expect(joined).toContain('to [2001:db8:1234:5678:9abc:def0:1234:5678]:80');
    expect(lines[3]).toBe('tcp/8080  enp0s31f6-long1  open from  docker-proxy');
  });

  it('wrapWords keeps every word in order', () => {
    const text = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const lines = wrapWords(text, 'by ', '   ', 30);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
    expect(lines.map((l) => l.trim()).join(' ')).toBe(`by ${text}`);
  });

  it('says when there is nothing to report, and names other tables and warnings', () => {
    const empty = exposureText({
      family: 'ipv4',
      interfaces: ['eth0'],
      entries: [],
      otherTables: [{ family: 'inet', name: 'firewalld', hooks: ['input (priority 10)'] }],
      warnings: ['iptables-legacy tables present'],
    });
    expect(empty).toEqual([
      'IPv4: a NEW connection from an internet address no rule names, per interface',
      "(no listening socket and no DNAT'd port)",
      'note: open as far as iptables decides: nft table inet firewalld also sees input',
      '      (priority 10); a drop there applies too',
      'warning: iptables-legacy tables present',
    ]);
  });
});
