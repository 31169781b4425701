/**
 * Connections beside the rule, on real iptables and conntrack in two namespaces joined by a veth pair: a TCP
 * connection held open is listed under the ACCEPT rule that let it in (nft and legacy), and dropped on request:
 * it leaves `conntrack -L`, and with only `--ctstate ESTABLISHED` accepted (policy DROP, no NEW accept for the
 * port any more) the held connection stops echoing. Without conntrack, /proc/net/nf_conntrack is read instead.
 */
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionLine } from '../../src/domain/listing/connection-lines.js';
import { connectionsPort } from '../../src/backend/conntrack.js';
import { createIptables } from '../../src/backend/iptables.js';
import { createExecaRunner, type CommandRunner } from '../../src/backend/runner.js';
import { liveSource } from '../../src/app/sources/firewall-sources.js';
import { createAppStore } from '../../src/store/create-app-store.js';
import { panelRows } from '../../src/store/connection-selectors.js';
import { createNetns, requireNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';
import { createLab, PORT, waitFor, type Lab } from '../helpers/safety-lab.js';

const available = await requireNetns();

// Only connections already established pass either way; the second rule admits new ones to the echo port.
const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT DROP [0:0]
-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport ${PORT} -j ACCEPT
-A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
COMMIT
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const variant of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`connections through a rule (${variant})`, () => {
    let lab: Lab | null = null;
    afterEach(async () => {
      await lab?.remove();
      lab = null;
    });

    async function open(runner: CommandRunner = createExecaRunner()) {
      const l = await createLab('ipv4');
      lab = l;
      await l.server.exec([`iptables-${variant}-restore`, '-w', '5'], RULES);
      const iptables = createIptables({ runner, netns: l.server.name, variant });
      const source = { ...liveSource(iptables), connections: connectionsPort(runner, l.server.name) };
      const store = createAppStore({ source });
      await store.getState().actions.load();
      expect(store.getState().status, store.getState().error ?? '').toBe('loaded');
      store.setState({ table: 'filter', chain: 'INPUT' });
      // The ACCEPT for the echo port.
      store.getState().actions.selectRule(1);
      return { lab: l, store };
    }

    it('lists the held connection under its ACCEPT rule; dropped, it leaves conntrack and stops echoing', async () => {
      const { lab: l, store } = await open();
      const traffic = l.traffic(15);
      expect(await waitFor(() => traffic.events().held.length >= 3, 5000), 'echoes before').not.toBeNull();
      await store.getState().actions.openConnections();
      const panel = store.getState().connectionsPanel!;
      expect(panel.rule?.spec).toBe(`-p tcp -m tcp --dport ${PORT} -j ACCEPT`);
      expect(panel.read?.ok && panel.read.via).toBe('conntrack');
      const listed = panelRows(store.getState()).filter((r) => r.why === null && r.entry.state === 'ESTABLISHED');
      expect(listed.map((r) => [r.entry.original.source, r.entry.original.destinationPort])).toContainEqual([
        '10.77.0.2',
        PORT,
      ]);

      // No new connections to the port from now on: the held one lives on ESTABLISHED alone.
      await l.server.exec([`iptables-${variant}`, '-w', '5', '-D', 'INPUT', '2']);
      await sleep(800);
      const before = traffic.events().held.length;
      await store.getState().actions.refreshConnections();
      const held = panelRows(store.getState()).filter((r) => r.entry.state === 'ESTABLISHED');
      expect(held, 'only the held connection is established').toHaveLength(1);
      expect(traffic.events().held.length, 'it still echoes on ESTABLISHED alone').toBeGreaterThan(before - 1);
      const sport = held[0]!.entry.original.sourcePort!;
      const cursor = panelRows(store.getState()).findIndex((r) => r.entry === held[0]!.entry);
      store.getState().actions.moveInConnections(cursor - store.getState().connectionsPanel!.cursor);

      await store.getState().actions.askDropConnection();
      const question = store.getState().overlay;
      expect(question?.kind === 'confirm' && question.question).toBe(
        `Drop this connection? tcp ESTABLISHED 10.77.0.2:${sport} → 10.77.0.1:${PORT}`,
      );
      await store.getState().actions.confirmYes();
      const droppedAt = Date.now();
      expect(store.getState().notice).toMatch(/^conntrack: 1 flow entries have been deleted \(tcp 10\.77\.0\.2:/);
      expect(store.getState().overlay?.kind).toBe('connections');

      const listedNow = await l.server.exec(['conntrack', '-L', '-p', 'tcp', '--sport', String(sport)]);
      expect(listedNow).toBe('');
      // The client writes every 100 ms: allow what was under way, then silence.
      await sleep(1500);
      const late = traffic.events().held.filter((t) => t > droppedAt + 300);
      expect(late, 'echoes after the drop').toEqual([]);
    });

    it('fwtui connections --netns N -p tcp --dport PORT prints the held connection', async () => {
      const { lab: l } = await open();
      const traffic = l.traffic(6);
      expect(await waitFor(() => traffic.events().held.length >= 3, 5000)).not.toBeNull();
      const args = [
        'connections',
        '--netns',
        l.server.name,
        '--backend',
        variant,
        '-p',
        'tcp',
        '--dport',
        String(PORT),
      ];
      const r = await runCli(args);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^tcp +ESTABLISHED +10\\.77\\.0\\.2:\\d+ → 10\\.77\\.0\\.1:${PORT} `, 'm'));
      expect(r.stderr).toMatch(/fwtui: [1-9]\d* of \d+ tracked IPv4 connection\(s\) match/);
      const none = await runCli(['connections', '--netns', l.server.name, '-p', 'udp', '--dport', String(PORT)]);
      expect(none.stdout).toBe('');
    });

    it('a REDIRECTed connection is certain under nat PREROUTING and filter INPUT', async () => {
      const { lab: l, store } = await open();
      const to = PORT + 1;
      await l.server.exec([
        `iptables-${variant}`,
        '-w',
        '5',
        '-t',
        'nat',
        '-A',
        'PREROUTING',
        '-p',
        'tcp',
        '-m',
        'tcp',
        '--dport',
        String(to),
        '-j',
        'REDIRECT',
        '--to-ports',
        String(PORT),
      ]);
      // One connection to the redirected port, held 6 s; killed in the end whatever happens.
      const hold =
        `const s=require('net').connect(${to},'${l.serverAddr}');` +
        `s.on('error',()=>{});setTimeout(()=>s.destroy(),6000)`;
      const client = execa('ip', ['netns', 'exec', l.client.name, process.execPath, '-e', hold], { reject: false });
      try {
        const seen = await waitFor(async () => {
          const out = await l.server.exec(['conntrack', '-L', '-p', 'tcp', '--dport', String(to)]).catch(() => '');
          return out.includes('ESTABLISHED');
        }, 5000);
        expect(seen, 'the redirected connection in conntrack').not.toBeNull();
        await store.getState().actions.load();
        const certain = async (table: 'filter' | 'nat', chain: string, rule: number) => {
          store.setState({ table, chain });
          store.getState().actions.selectRule(rule);
          await store.getState().actions.openConnections();
          const rows = panelRows(store.getState()).filter((r) => r.entry.original.destinationPort === to);
          store.getState().actions.closeConnections();
          return rows;
        };
        const input = await certain('filter', 'INPUT', 1);
        expect(input.map((r) => r.why)).toEqual([null]);
        expect(connectionLine(input[0]!.entry)).toContain(`:${to} (DNAT → ${l.serverAddr}:${PORT})`);
        expect((await certain('nat', 'PREROUTING', 0)).map((r) => r.why)).toEqual([null]);
      } finally {
        client.kill('SIGKILL');
        await client;
      }
    });

    it('without conntrack: /proc/net/nf_conntrack lists the connection; dropping says what to install', async () => {
      // A runner on which conntrack is not installed (in the namespace, `ip netns exec` cannot find it).
      const real = createExecaRunner();
      const runner: CommandRunner = {
        ...real,
        run: (cmd) => real.run({ ...cmd, args: cmd.args.map((a) => (a === 'conntrack' ? 'conntrack-absent' : a)) }),
      };
      const { lab: l, store } = await open(runner);
      const traffic = l.traffic(6);
      expect(await waitFor(() => traffic.events().held.length >= 3, 5000)).not.toBeNull();
      await store.getState().actions.openConnections();
      const read = store.getState().connectionsPanel?.read;
      expect(read?.ok && read.via).toBe('proc');
      expect(read?.ok && read.note).toMatch(/conntrack is not installed.*install conntrack/);
      const rows = panelRows(store.getState()).filter((r) => r.entry.state === 'ESTABLISHED');
      expect(rows.map((r) => r.entry.original.destinationPort)).toContain(PORT);
      store.getState().actions.askDropConnection();
      expect(store.getState().error).toMatch(/^cannot drop: .*install conntrack/);
    });
  });
}

describe.runIf(available)('dropping a connection of zone 0 (real conntrack)', () => {
  it('leaves the same tuple in another zone alone', async () => {
    const ns = await createNetns();
    try {
      const tuple = ['-p', 'udp', '-s', '10.9.0.1', '-d', '10.9.0.2', '--sport', '5000', '--dport', '53'];
      await ns.exec(['conntrack', '-I', ...tuple, '--timeout', '100']);
      await ns.exec(['conntrack', '-I', ...tuple, '--timeout', '100', '--zone', '5']);
      const port = connectionsPort(createExecaRunner(), ns.name);
      const read = await port.list();
      if (!read.ok) throw new Error(read.why);
      const zone0 = read.entries.find((e) => e.zone === null)!;
      expect((await port.drop(zone0)).deleted).toBe(1);
      const left = await ns.exec(['conntrack', '-L', '-p', 'udp']);
      expect(left).toMatch(/sport=5000 .*zone=5/);
    } finally {
      await ns.remove();
    }
  });
});
