/** The connections panel (C) at 80x24: the rule's connections, a maybe with why, the drop question and its answer. */
import { describe, expect, it, vi } from 'vitest';
import type { Protect } from '../../../src/domain/analysis/lockout.js';
import type { ConnectionsPort } from '../../../src/domain/ports/connections-port.js';
import { parseConntrack } from '../../../src/domain/text/conntrack-entries.js';
import { FakeSource } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -i eth0 -p tcp -m tcp --dport 80 -j ACCEPT
COMMIT
`;
const TABLE = `ipv4 2 tcp 6 431999 ESTABLISHED src=10.78.0.2 dst=10.78.0.1 sport=36652 dport=22 \
src=10.78.0.1 dst=10.78.0.2 sport=22 dport=36652 [ASSURED] mark=0 use=1
ipv4 2 tcp 6 431000 ESTABLISHED src=10.78.0.3 dst=10.78.0.1 sport=40000 dport=80 \
src=10.78.0.1 dst=10.78.0.3 sport=80 dport=40000 [ASSURED] mark=0 use=1
ipv4 2 udp 17 20 src=10.78.0.2 dst=10.78.0.1 sport=5353 dport=53 [UNREPLIED] \
src=10.78.0.1 dst=10.78.0.2 sport=53 dport=5353 mark=0 use=1
`;

function port(table = TABLE): ConnectionsPort & { dropped: string[] } {
  let entries = parseConntrack(table).entries;
  const dropped: string[] = [];
  return {
    dropped,
    list: vi.fn(async () => ({ ok: true as const, entries, unreadable: 0, via: 'conntrack' as const, note: null })),
    drop: vi.fn(async (entry) => {
      dropped.push(entry.raw);
      entries = entries.filter((e) => e !== entry);
      return { deleted: 1, words: '1 flow entries have been deleted' };
    }),
  };
}

async function app(connections: ConnectionsPort | undefined = port(), protect?: () => Promise<Protect>) {
  const source = new FakeSource(true, { ipv4: RULES });
  source.connections = connections;
  if (protect) source.protect = protect;
  return renderApp(source);
}

describe('the connections panel', () => {
  it('C on the SSH rule: its connection (proto, state, src:sport → dst:dport, timeout), others counted', async () => {
    const r = await app();
    const frame = await r.press('C', (f) => f.includes('Connections through'), 'the panel');
    const flat = frame.replace(/\n/g, ' ');
    expect(flat).toContain('filter INPUT rule 1: -p tcp -m tcp --dport 22 -j ACCEPT');
    expect(flat).toContain('1 through it, 0 maybe, 2 other IPv4');
    expect(frame).toMatch(/tcp {4}ESTABLISHED {2}10\.78\.0\.2:36652 → 10\.78\.0\.1:22 {2}431999 s {2}assured/);
    expect(frame).not.toContain('10.78.0.3');
    r.view.unmount();
  });

  it('a rule with -i: the connection is a maybe, with why (conntrack does not keep interfaces)', async () => {
    const r = await app();
    await r.press('j', (f) => f.includes('rule 2/2'), 'rule 2');
    const frame = await r.press('C', (f) => f.includes('Connections through'), 'the panel');
    const flat = frame.replace(/\s+/g, ' ');
    expect(flat).toContain('0 through it, 1 maybe');
    expect(flat).toContain('10.78.0.3:40000 → 10.78.0.1:80');
    expect(flat).toMatch(/maybe: -i eth0 \(the incoming interface was not given\)/);
    r.view.unmount();
  });

  it('x asks "Drop this connection?" (Enter: no); y drops exactly it, says what conntrack reported', async () => {
    const connections = port();
    const r = await app(connections);
    await r.press('C', (f) => f.includes('10.78.0.2:36652'), 'the panel');
    await r.press('x', (f) => f.includes('Drop this connection?'), 'the question');
    expect(r.frame().replace(/\s+/g, ' ')).toContain(
      '[y yes, n/Esc/Enter no] Drop this connection? tcp ESTABLISHED 10.78.0.2:36652 → 10.78.0.1:22',
    );
    await r.press('\r', (f) => !f.includes('Drop this connection?'), 'no');
    expect(connections.dropped).toEqual([]);
    expect(r.frame()).toContain('Connections through');
    await r.press('x', (f) => f.includes('Drop this connection?'), 'the question again');
    const after = await r.press('y', (f) => f.includes('No tracked connection matches'), 'the list read again');
    expect(connections.dropped).toHaveLength(1);
    expect(connections.dropped[0]).toContain('sport=36652');
    expect(after).toContain('conntrack: 1 flow entries have been deleted (tcp 10.78.0.2:3');
    expect(r.store.getState().notice).toBe(
      'conntrack: 1 flow entries have been deleted (tcp 10.78.0.2:36652 → 10.78.0.1:22); its next packet meets ' +
        'the rules without it: NEW if conntrack picks the flow up mid-stream (nf_conntrack_tcp_loose), else INVALID',
    );
    expect(after).toContain('No tracked connection matches this rule.');
    r.view.unmount();
  });

  it("x on the admin's own SSH session refuses: dropping it may hang the session fwtui runs in", async () => {
    const connections = port();
    const own: Protect = {
      how: 'own',
      sshPorts: [22],
      sessions: [
        {
          family: 'ipv4',
          client: '10.78.0.2',
          clientPort: 36652,
          server: '10.78.0.1',
          serverPort: 22,
          inInterface: null,
        },
      ],
    };
    const r = await app(connections, async () => own);
    await r.press('C', (f) => f.includes('10.78.0.2:36652'), 'the panel');
    await r.press('x', (f) => f.includes('error: cannot drop'), 'the refusal');
    expect(r.store.getState().error).toBe(
      'cannot drop tcp 10.78.0.2:36652 → 10.78.0.1:22: your SSH session ' +
        '(without its entry its next packets may be dropped: a hang)',
    );
    expect(r.frame()).not.toContain('Drop this connection?');
    expect(connections.dropped).toEqual([]);
    r.view.unmount();
  });

  it('established connections come first, closing ones after (conntrack lists them in its own order)', async () => {
    const closing = `ipv4 2 tcp 6 117 TIME_WAIT src=10.78.0.9 dst=10.78.0.1 sport=50000 dport=22 \
src=10.78.0.1 dst=10.78.0.9 sport=22 dport=50000 [ASSURED] mark=0 use=1
`;
    const r = await app(port(closing + TABLE));
    const frame = await r.press('C', (f) => f.includes('TIME_WAIT'), 'the panel');
    const rows = frame.split('\n').filter((l) => l.startsWith('tcp '));
    expect(rows.map((l) => l.split(/\s+/)[1])).toEqual(['ESTABLISHED', 'TIME_WAIT']);
    r.view.unmount();
  });

  it('conntrack and /proc both missing: the panel says which package to install; Esc goes back', async () => {
    const missing: ConnectionsPort = {
      list: async () => ({ ok: false, why: 'conntrack is not installed: apt-get install conntrack' }),
      drop: async () => ({ deleted: null, words: '' }),
    };
    const r = await app(missing);
    const frame = await r.press('C', (f) => f.includes('could not be read'), 'the problem');
    expect(frame.replace(/\s+/g, ' ')).toContain('apt-get install conntrack');
    await r.press('\u001b', (f) => !f.includes('Connections'), 'the rules again');
    r.view.unmount();
  });

  it('nothing tracked: says the kernel tracks only while something uses conntrack', async () => {
    const r = await app(port(''));
    const frame = await r.press('C', (f) => f.includes('No connection is tracked'), 'the empty table');
    expect(frame.replace(/\s+/g, ' ')).toContain('(a -m conntrack or -m state rule, NAT)');
    r.view.unmount();
  });
});
