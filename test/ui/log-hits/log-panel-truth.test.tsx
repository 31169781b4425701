/**
 * The log panel (l) says only what is so: what is read for the selected rule, how many lines really fit, why a
 * LOG rule's lines cannot come and what to do, and how to read again after a reader ended.
 */
import { describe, expect, it } from 'vitest';
import type { LogFeedListener, LogPort } from '../../../src/domain/ports/log-port.js';
import { parseDmesgLine } from '../../../src/domain/text/kernel-log-lines.js';
import { FakeSource } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j LOG --log-prefix "ssh: "
-A INPUT -p tcp -m tcp --dport 23 -j NFLOG --nflog-group 5
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
`;

const SILENT = 'LOG rules in this namespace write nothing to the kernel log: net.netfilter.nf_log_all_netns is 0';

async function open(silent: string | null) {
  let listener: LogFeedListener | null = null;
  const logs: LogPort = {
    async start(request, l) {
      listener = l;
      return {
        kernelLogSilent: silent,
        notes: [],
        kernelLog: silent === null && request.kernelLog,
        nflogGroups: request.nflogGroups,
        stop: () => undefined,
      };
    },
  };
  const r = await renderApp(Object.assign(new FakeSource(true, { ipv4: RULES }), { logs }));
  await r.press('l', (f) => f.includes('log lines'), 'the panel');
  return { r, listener: () => listener! };
}

const line = (sport: number) => {
  const iso = `${new Date().toISOString().slice(0, 19)},000000+00:00`;
  return parseDmesgLine(
    `kern  :warn  : ${iso} ssh: IN=eth0 OUT= SRC=192.0.2.7 DST=192.0.2.1 LEN=60 PROTO=TCP SPT=${sport} DPT=22 SYN `,
  )!;
};

describe('the log panel tells the truth', () => {
  it('20 lines kept, 4 fit at 80x24: says "4 of 20 shown", the newest', async () => {
    const { r, listener } = await open(null);
    listener().hits(Array.from({ length: 20 }, (_, i) => line(40001 + i)));
    const frame = await r.waitFor((f) => f.includes('192.0.2.7:40020'), 'the lines');
    expect(frame).toContain('LOG prefix "ssh: " level 4 (warn) · 4 of 20 shown, the newest · 20 read');
    expect(frame).toContain('192.0.2.7:40017');
    expect(frame).not.toContain('192.0.2.7:40016');
  });

  it('a LOG rule whose lines never reach the kernel log: the title says so, the panel says what to do', async () => {
    const { r } = await open(SILENT);
    const frame = await r.waitFor((f) => f.includes('nf_log_all_netns=1'), 'the reason');
    // Wrapped to the panel's width, never cut.
    expect(frame.replace(/\s*\n/g, ' ')).toContain(`!! ${SILENT}`);
    expect(frame).toContain('log lines: the kernel log is not read for this rule · l closes');
    expect(frame).not.toContain('reading NFLOG');
    expect(frame).toContain("sysctl -w net.netfilter.nf_log_all_netns=1 (host-wide: in the host's namespace)");
    expect(frame).toContain("then all namespaces' LOG lines share one kernel log (NFLOG is per namespace)");
    // The NFLOG rule: its group is read.
    const nflog = await r.press('j', (f) => f.includes('NFLOG group 5'), 'the NFLOG rule');
    expect(nflog).toContain('log lines: reading NFLOG group 5 · l closes');
  });

  it('an NFLOG reader that ended: the title no longer says reading, the message names the way back', async () => {
    const { r, listener } = await open(null);
    await r.press('j', (f) => f.includes('no packet from this rule since l'), 'the NFLOG rule');
    listener().ended('NFLOG group 5', 'tcpdump ended (exit 0)');
    const frame = await r.waitFor((f) => f.includes('tcpdump ended'), 'the end');
    expect(frame).toContain('log lines: NFLOG group 5 is not read · l closes');
    expect(frame).toContain('!! NFLOG group 5 is not read: tcpdump ended (exit 0); l twice reads again');
    // Elsewhere: only what still runs is said to be read.
    const other = await r.press('j', (f) => f.includes('select a LOG or NFLOG rule'), 'the ACCEPT rule');
    expect(other).toContain('log lines: reading kernel log · l closes');
  });
});
