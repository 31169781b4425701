import { describe, expect, it } from 'vitest';
import type { LogFeedListener, LogFeedRequest, LogPort } from '../../../src/domain/ports/log-port.js';
import type { LogHit } from '../../../src/domain/text/log-hit.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { KEEP_LOG_LINES } from '../../../src/store/log-hits-slice.js';
import { selectedLogLines } from '../../../src/store/log-selectors.js';
import { logPanelLines } from '../../../src/ui/format/log-lines.js';
import { FakeSource, RULES_V6 } from '../../helpers/fake-source.js';

const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j LOG --log-prefix "ssh: "
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p udp -j NFLOG --nflog-prefix dns --nflog-group 3
-A INPUT -p tcp -m tcp --dport 80 -j LOG --log-prefix "ssh: "
-A INPUT -p icmp -j LOG
COMMIT
`;
const NOW = Date.parse('2026-11-30T12:00:00Z');

const hit = (p: Partial<LogHit>): LogHit => ({
  ...{ via: 'kernel-log', family: 'ipv4', prefix: 'ssh: ', level: 4, group: null, fromKernel: true, time: NOW - 1000 },
  ...{ in: 'eth0', out: null, src: '192.0.2.7', dst: '192.0.2.1', proto: 'TCP', spt: 40000, dpt: 22 },
  ...p,
});

/** A port that records the request and lets the test play the readers. */
function fakePort(silent: string | null = null) {
  let listener: LogFeedListener | null = null;
  let request: LogFeedRequest | null = null;
  let stops = 0;
  const port: LogPort = {
    async start(r, l) {
      request = r;
      listener = l;
      return {
        kernelLogSilent: silent,
        notes: [],
        kernelLog: silent === null && r.kernelLog,
        nflogGroups: r.nflogGroups,
        stop: () => void stops++,
      };
    },
  };
  return { port, listener: () => listener!, request: () => request, stops: () => stops };
}

async function setup(silent: string | null = null) {
  const fake = fakePort(silent);
  const source = Object.assign(new FakeSource(true, { ipv4: RULES, ipv6: RULES_V6 }), { logs: fake.port });
  const store = createAppStore({ source, now: () => NOW });
  await store.getState().actions.load();
  store.setState({ table: 'filter', chain: 'INPUT' });
  return { ...fake, store, s: () => store.getState() };
}

describe('l: a LOG rule shows its last packets', () => {
  it('reads the kernel log and the NFLOG groups of the rules; a line goes under its prefix and level', async () => {
    const t = await setup();
    await t.s().actions.toggleLogs();
    expect(t.request()).toEqual({ kernelLog: true, nflogGroups: [3] });
    t.listener().hits([
      hit({ spt: 40001 }),
      hit({ spt: 40002, level: 6 }),
      hit({ spt: 40003, prefix: 'other: ' }),
      hit({ via: 'nflog', prefix: 'dns', group: 3, level: null, proto: 'UDP', spt: 5353, dpt: 53 }),
      hit({ prefix: '' }),
    ]);
    t.s().actions.selectRule(0);
    const ssh = selectedLogLines(t.s(), NOW);
    expect(ssh).toMatchObject({ kind: 'log-rule', lastMinute: 1, unreadable: null });
    expect(ssh?.kind === 'log-rule' && ssh.hits.map((h) => h.spt)).toEqual([40001]);
    expect(ssh?.kind === 'log-rule' && ssh.warning).toBe(
      '2 LOG rules share this prefix and level (filter INPUT #1, filter INPUT #4): their lines are shown under each',
    );
    t.s().actions.selectRule(2);
    const dns = selectedLogLines(t.s(), NOW);
    expect(dns?.kind === 'log-rule' && dns.hits.map((h) => h.dpt)).toEqual([53]);
    expect(t.s().logView?.unclaimed).toBe(1);
    t.s().actions.selectRule(1);
    expect(selectedLogLines(t.s(), NOW)).toEqual({ kind: 'not-a-log-rule' });
    t.s().actions.selectRule(4);
    const bare = logPanelLines(t.s().logView!, selectedLogLines(t.s(), NOW), 10);
    expect(bare).toContain(
      "!! this LOG rule has no --log-prefix: its lines cannot be told from other LOG rules' (add a prefix)",
    );
  });

  it('keeps the last lines per rule and counts the last minute only for the rate', async () => {
    const t = await setup();
    await t.s().actions.toggleLogs();
    const old = hit({ time: NOW - 120_000, spt: 1 });
    t.listener().hits([old, ...Array.from({ length: 30 }, (_, i) => hit({ spt: 100 + i }))]);
    t.s().actions.selectRule(0);
    const sel = selectedLogLines(t.s(), NOW);
    expect(sel?.kind === 'log-rule' && sel.hits.length).toBe(KEEP_LOG_LINES);
    expect(sel?.kind === 'log-rule' && sel.hits.at(-1)?.spt).toBe(129);
    expect(sel?.kind === 'log-rule' && sel.lastMinute).toBe(30);
    // A minute later, with no new line, the rate has fallen to nothing; the lines stay.
    const later = selectedLogLines(t.s(), NOW + 61_000);
    expect(later?.kind === 'log-rule' && [later.lastMinute, later.hits.length]).toEqual([0, KEEP_LOG_LINES]);
  });

  it('a namespace whose LOG rules write nothing: says so under a LOG rule, never "no line"', async () => {
    const why = 'LOG rules in this namespace write nothing to the kernel log: net.netfilter.nf_log_all_netns is 0';
    const t = await setup(why);
    await t.s().actions.toggleLogs();
    t.s().actions.selectRule(0);
    const lines = logPanelLines(t.s().logView!, selectedLogLines(t.s(), NOW), 10);
    expect(lines).toContain(`!! ${why}`);
    expect(lines.join('\n')).not.toMatch(/no line|0 read/);
    // The NFLOG rule is read all the same.
    t.s().actions.selectRule(2);
    expect(logPanelLines(t.s().logView!, selectedLogLines(t.s(), NOW), 10)).toContain(
      'no packet from this rule since l',
    );
  });

  it('a reader that ends says why under its rules; l again stops the readers and closes the panel', async () => {
    const t = await setup();
    await t.s().actions.toggleLogs();
    t.listener().ended('NFLOG group 3', 'tcpdump is not installed here (package tcpdump)');
    t.s().actions.selectRule(2);
    const sel = selectedLogLines(t.s(), NOW);
    expect(sel?.kind === 'log-rule' && sel.unreadable).toBe(
      'NFLOG group 3 is not read: tcpdump is not installed here (package tcpdump)',
    );
    await t.s().actions.toggleLogs();
    expect(t.stops()).toBe(1);
    expect(t.s().logView).toBeNull();
    // A late line from a stopped reader is not shown.
    t.listener().hits([hit({})]);
    expect(t.s().logView).toBeNull();
  });

  it('a saved file has no log lines to read', async () => {
    const store = createAppStore({ source: new FakeSource(false, { ipv4: RULES, ipv6: RULES_V6 }) });
    await store.getState().actions.load();
    await store.getState().actions.toggleLogs();
    expect(store.getState().notice).toBe('log lines are read from the live firewall: not available here');
    expect(store.getState().logView).toBeNull();
  });
});

describe('l with nothing to read', () => {
  it('no LOG or NFLOG rule: says so and opens no panel that would wait forever', async () => {
    const store = createAppStore({
      source: Object.assign(new FakeSource(true, { ipv4: RULES_V6 }), { logs: fakePort().port }),
    });
    await store.getState().actions.load();
    await store.getState().actions.toggleLogs();
    expect(store.getState().notice).toBe('no LOG or NFLOG rule here: nothing to read');
    expect(store.getState().logView).toBeNull();
  });
});
