/** The log panel (l) at 80x24: the selected LOG rule's last packets and rate under the rule list; l closes it. */
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
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
`;

describe('the log panel', () => {
  it('l on a LOG rule: its packets (time, in/out, proto, src > dst) and rate; l again closes', async () => {
    let listener: LogFeedListener | null = null;
    let stopped = false;
    const logs: LogPort = {
      async start(request, l) {
        listener = l;
        return {
          kernelLogSilent: null,
          notes: [],
          kernelLog: request.kernelLog,
          nflogGroups: [],
          stop: () => {
            stopped = true;
          },
        };
      },
    };
    const r = await renderApp(Object.assign(new FakeSource(true, { ipv4: RULES }), { logs }));
    let frame = await r.press('l', (f) => f.includes('log lines: reading kernel log'), 'the panel');
    expect(frame).toContain('no line of this rule in the kernel log (its buffer, then since l)');
    const now = new Date();
    const iso = `${now.toISOString().slice(0, 19)},000000+00:00`;
    listener!.hits([
      parseDmesgLine(
        `kern  :warn  : ${iso} ssh: IN=eth0 OUT= SRC=192.0.2.7 DST=192.0.2.1 LEN=60 PROTO=TCP SPT=40001 DPT=22 SYN `,
      )!,
    ]);
    frame = await r.waitFor((f) => f.includes('192.0.2.7:40001'), 'the line');
    expect(frame).toContain('LOG prefix "ssh: " level 4 (warn) · 1 shown · 1 read in the last minute (0.02/s)');
    expect(frame).toMatch(/\d\d:\d\d:\d\d\.000 in eth0 out - TCP 192\.0\.2\.7:40001 > 192\.0\.2\.1:22/);
    frame = await r.press('j', (f) => f.includes('select a LOG or NFLOG rule'), 'the ACCEPT rule');
    frame = await r.press('l', (f) => !f.includes('log lines:'), 'the panel closed');
    expect(stopped).toBe(true);
    expect(frame).toContain('log lines closed');
  });
});
