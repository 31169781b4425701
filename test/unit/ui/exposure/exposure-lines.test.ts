/** The exposure view's text: rows, the selected entry whole, and what the staged edits change. */
import { describe, expect, it } from 'vitest';
import type { ExposureEntry } from '../../../../src/domain/exposure/exposure-entry.js';
import { afterText, entryDetail, entryRow, reportNotes } from '../../../../src/ui/exposure/exposure-lines.js';

const ssh: ExposureEntry = {
  proto: 'tcp',
  port: 22,
  bind: '0.0.0.0',
  interface: 'eth0',
  via: 'local',
  to: null,
  process: 'sshd',
  verdict: 'open-from',
  from: ['192.0.2.0/24', '198.51.100.0/24'],
  decided_by: { table: 'filter', chain: 'INPUT', num: 3, rule: '-A INPUT -s 192.0.2.0/24 -p tcp -j ACCEPT' },
  reason: null,
};

describe('exposure lines', () => {
  it('a row names every accepted network, the process and the deciding rule', () => {
    expect(entryRow(ssh)).toBe(
      'tcp/22     eth0     open from 192.0.2.0/24, 198.51.100.0/24 · local (sshd) · filter INPUT rule 3',
    );
  });

  it('says what the edits change, and nothing when the verdict and networks stay', () => {
    const dropped: ExposureEntry = { ...ssh, verdict: 'filtered', from: [], decided_by: { policy: 'INPUT' } };
    expect(afterText(ssh, dropped)).toBe('→ filtered after your edits');
    expect(afterText(ssh, ssh)).toBe('');
    expect(afterText(ssh, { ...ssh, from: ['192.0.2.0/24'] })).toBe('→ open from 192.0.2.0/24 after your edits');
    expect(afterText(ssh, null)).toBe('→ not in the report after your edits');
    expect(afterText(ssh, undefined)).toBe('');
    expect(entryDetail(ssh, dropped)).toEqual([
      'tcp/22 on eth0 (bound to 0.0.0.0): open from 192.0.2.0/24, 198.51.100.0/24, local (sshd)',
      'decided by -A INPUT -s 192.0.2.0/24 -p tcp -j ACCEPT (filter INPUT rule 3)',
      'after your edits: filtered, decided by the policy of INPUT',
    ]);
  });

  it('an uncertain entry says the match that decides; an empty report says what was not found', () => {
    const unsure: ExposureEntry = { ...ssh, verdict: 'uncertain', decided_by: null, reason: '-m recent: not known' };
    expect(entryDetail(unsure)).toEqual([
      'tcp/22 on eth0 (bound to 0.0.0.0): uncertain, local (sshd)',
      '-m recent: not known',
    ]);
    expect(
      reportNotes({ family: 'ipv4', interfaces: ['eth0'], entries: [], warnings: ['bindv6only unknown'] }),
    ).toEqual(['bindv6only unknown', "no listening socket outside loopback and no DNAT'd port was found"]);
  });
});
