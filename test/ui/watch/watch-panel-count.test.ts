/** The watch panel (W) says how many packets it really shows: "5 of 20 shown" when fewer fit, never "20 shown". */
import { describe, expect, it } from 'vitest';
import type { WatchReport } from '../../../src/domain/text/watch-lines.js';
import type { WatchView } from '../../../src/store/watch-slice.js';
import { watchPanelLines } from '../../../src/ui/watch/watch-lines.js';

const report = (n: number, differs: boolean): WatchReport => ({
  number: n,
  packet: {
    id: `p${n}`,
    family: 'ipv4',
    fields: { IN: 'eth0', SRC: '192.0.2.9', DST: '192.0.2.1', SPORT: String(40000 + n), DPORT: '22', LEN: '60' },
    steps: [
      {
        ...{ table: 'filter', chain: 'INPUT', kind: 'rule', handle: '0x9', verdict: 'ACCEPT', target: null },
        ...{ rule: '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT', numbers: [2] },
      },
    ],
  },
  outcome: { verdict: 'ACCEPT', at: null },
  prediction: differs ? 'differs' : 'agrees',
  note: differs ? 'the kernel did otherwise' : '',
});

const view = (packets: WatchReport[]): WatchView =>
  ({ family: 'ipv4', filter: '-p tcp', running: true, packets, hits: [] }) as WatchView;

describe('the watch panel counts what it shows', () => {
  it('20 packets in 6 rows: the title says 5 of 20 shown, the newest', () => {
    const lines = watchPanelLines(view(Array.from({ length: 20 }, (_, i) => report(i + 1, false))), 6);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('watch -p tcp: running (W stops) · 5 of 20 shown, the newest');
    expect(lines[1]).toMatch(/^16\. /);
  });

  it('a packet with a note takes two rows, and a packet cut in half is not counted', () => {
    const lines = watchPanelLines(view(Array.from({ length: 4 }, (_, i) => report(i + 1, true))), 6);
    expect(lines[0]).toBe('watch -p tcp: running (W stops) · 2 of 4 shown, the newest');
    expect(lines.slice(1).filter((l) => /^\d+\. /.test(l))).toHaveLength(2);
  });

  it('all fit: N shown', () => {
    expect(watchPanelLines(view([report(1, false), report(2, false)]), 6)[0]).toBe(
      'watch -p tcp: running (W stops) · 2 shown',
    );
  });
});
