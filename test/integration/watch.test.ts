/**
 * `fwtui watch` on real iptables-nft: a client namespace sends bounded TCP SYNs over a veth pair to a server
 * namespace; the paths fwtui prints must be the rules whose counters moved, packet for packet, and agree with
 * fwtui trace. The TRACE rule must be gone however the watch ends: --count, --seconds, Ctrl-C, SIGTERM, a closed
 * terminal (tmux kill-session: SIGHUP), and kill -9 of fwtui and its cleaner followed by the next fwtui command
 * (kill -9 of fwtui alone: watch-cleaner.test.ts). Other rules of raw are never touched. On legacy, watch says it
 * is not available (exit 13) and changes nothing.
 */
import { execa, type ResultPromise } from 'execa';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseSave } from '../../src/domain/text/parse-save.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { FWTUI, FWTUI_LINE, runCli } from '../helpers/run-cli.js';
import { killWatchCleaners, startWatchCli } from '../helpers/watch-lab.js';

const available = await requireNetns();
const PROBE = join(import.meta.dirname, '..', 'helpers', 'probe.mjs');
const ECHO = join(import.meta.dirname, '..', 'helpers', 'tcp-echo.mjs');
const SERVER = '10.79.0.1';
const CLIENTS = ['10.79.0.2', '10.79.0.3'] as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const RULES = `*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -p udp -m udp --dport 7000 -j NOTRACK
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:SSH - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j SSH
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A SSH -s ${CLIENTS[1]}/32 -j ACCEPT
-A SSH -p tcp -m comment --comment "counted before the drop"
-A SSH -p tcp -j DROP
COMMIT
`;

interface Hit {
  readonly place: string;
  readonly packets: bigint;
}

describe.runIf(available)('fwtui watch on real iptables (nft)', () => {
  let server: TestNetns;
  let client: TestNetns;
  let state: string;
  const env = (): Record<string, string> => ({ ...process.env, FWTUI_STATE_DIR: state }) as Record<string, string>;
  const raw = async (variant = 'nft'): Promise<string[]> =>
    (await server.exec([`iptables-${variant}-save`, '-t', 'raw'])).split('\n').filter((l) => l.startsWith('-A '));
  const traceRules = async (variant = 'nft'): Promise<string[]> =>
    (await raw(variant)).filter((l) => l.includes('fwtui-watch'));
  /** One SYN from `src` to port 22 (the probe gives up before the first retransmit). */
  const syn = (src: string, sport: number) =>
    client.exec([process.execPath, PROBE, 'tcp', src, String(sport), SERVER, '22']);

  /** `fwtui watch` in the namespace, once it says it is watching. */
  const watch = (...args: string[]) => startWatchCli(server.name, env(), args);

  /** Per filter rule (table chain #n), the packets counted. */
  async function counters(): Promise<Hit[]> {
    const rs = parseSave(await server.exec(['iptables-nft-save', '-c', '-t', 'filter']), { family: 'ipv4' });
    return rs.tables.flatMap((t) =>
      t.chains.flatMap((c) =>
        c.rules.map((r, i) => ({ place: `${t.name} ${c.name} #${i + 1}`, packets: r.counters?.packets ?? 0n })),
      ),
    );
  }

  beforeAll(async () => {
    server = await createNetns();
    client = await createNetns();
    const tag = `${process.pid % 10000}${Math.floor(Math.random() * 1000)}`;
    const [a, b] = [`fws${tag}`, `fwc${tag}`];
    await execa('ip', ['link', 'add', a, 'type', 'veth', 'peer', 'name', b]);
    await execa('ip', ['link', 'set', a, 'netns', server.name]);
    await execa('ip', ['link', 'set', b, 'netns', client.name]);
    await server.exec(['ip', 'addr', 'add', `${SERVER}/24`, 'dev', a]);
    await server.exec(['ip', 'link', 'set', a, 'up']);
    for (const c of CLIENTS) await client.exec(['ip', 'addr', 'add', `${c}/24`, 'dev', b]);
    await client.exec(['ip', 'link', 'set', b, 'up']);
    await sleep(200);
  });
  afterAll(async () => {
    await server?.remove();
    await client?.remove();
  });
  beforeEach(async () => {
    state = await mkdtemp(join(tmpdir(), 'fwtui-watch-state-'));
    await server.exec(['iptables-nft-restore', '-w', '5'], RULES);
  });
  afterEach(async () => {
    await rm(state, { recursive: true, force: true });
  });

  it('traces real packets: each printed path is what the counters say, and fwtui trace agrees', async () => {
    const { child } = await watch('-p', 'tcp', '--dport', '22', '--count', '4', '--seconds', '30', '--json');
    const before = await counters();
    await syn(CLIENTS[0], 40001);
    await syn(CLIENTS[1], 40002);
    await syn(CLIENTS[0], 40003);
    await syn(CLIENTS[1], 40004);
    const done = await child;
    expect(done.exitCode, String(done.stderr)).toBe(0);
    expect(String(done.stderr), String(done.stdout)).toContain(
      'watch ended (4 packets (--count)); its TRACE rule is removed',
    );
    const after = await counters();
    const moved = new Map<string, bigint>();
    after.forEach((h, i) => {
      const d = h.packets - before[i]!.packets;
      if (d > 0n) moved.set(h.place, d);
    });
    const reports = String(done.stdout)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(reports.length).toBe(4);
    const seen = new Map<string, bigint>();
    for (const r of reports) {
      for (const s of r.steps.filter((x: { kind: string; table: string }) => x.kind === 'rule' && x.table === 'filter'))
        seen.set(`filter ${s.chain} #${s.rule}`, (seen.get(`filter ${s.chain} #${s.rule}`) ?? 0n) + 1n);
      expect(r.prediction, JSON.stringify(r)).toBe('agrees');
    }
    expect(seen).toEqual(moved);
    const verdicts = reports.map((r) => `${r.fields.SRC} ${r.verdict} ${r.decidedAt}`).sort();
    expect(verdicts).toEqual([
      `${CLIENTS[0]} DROP filter SSH #3`,
      `${CLIENTS[0]} DROP filter SSH #3`,
      `${CLIENTS[1]} ACCEPT filter SSH #1`,
      `${CLIENTS[1]} ACCEPT filter SSH #1`,
    ]);
    expect(await traceRules()).toEqual([]);
    expect(await raw()).toEqual(['-A PREROUTING -p udp -m udp --dport 7000 -j NOTRACK']);
  }, 60_000);

  it('connections in a row: each packet is its own, though the kernel reuses trace ids in a connection', async () => {
    const add = (...rule: string[]) => server.exec(['iptables-nft', '-w', '5', '-A', 'INPUT', ...rule]);
    await add('-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT');
    await add('-p', 'tcp', '--dport', '8080', '-j', 'ACCEPT');
    const echo = execa('ip', ['netns', 'exec', server.name, process.execPath, ECHO, 'server', SERVER, '8080'], {
      reject: false,
    });
    try {
      for (let i = 0; i < 50 && !(await server.exec(['ss', '-ltn'])).includes(':8080'); i++) await sleep(50);
      const { child } = await watch('-p', 'tcp', '--dport', '8080', '--count', '200', '--seconds', '4', '--json');
      for (const sport of [41001, 41002, 41003])
        expect(await client.exec([process.execPath, PROBE, 'talk', CLIENTS[0], String(sport), SERVER, '8080'])).toBe(
          'echoed\n',
        );
      const done = await child;
      expect(done.exitCode, String(done.stderr)).toBe(0);
      const reports = String(done.stdout)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const flags = (f: Record<string, string>) => ['SYN', 'ACK', 'PSH', 'FIN'].filter((x) => x in f).join(',');
      // One packet, one pass through raw PREROUTING: steps of two packets are never joined.
      for (const r of reports)
        expect(
          r.steps.filter((x: { table: string; kind: string }) => x.table === 'raw' && x.kind === 'rule'),
        ).toHaveLength(1);
      const syns = reports.filter((r) => 'SYN' in r.fields);
      expect(
        syns.map((r) => `${r.fields.SPORT} ${flags(r.fields)} ${r.verdict} ${r.decidedAt} ${r.prediction}`),
      ).toEqual([41001, 41002, 41003].map((p) => `${p} SYN ACCEPT filter INPUT #5 agrees`));
      expect(reports.filter((r) => 'PSH' in r.fields).map((r) => r.decidedAt)).toEqual(
        Array(3).fill('filter INPUT #4'),
      );
    } finally {
      echo.kill();
      await echo;
    }
  }, 30_000);

  const stops: [string, (child: ResultPromise) => Promise<void>][] = [
    ['Ctrl-C (SIGINT)', async (c) => void c.kill('SIGINT')],
    ['SIGTERM', async (c) => void c.kill('SIGTERM')],
    ['--seconds', async () => undefined],
  ];
  for (const [how, stop] of stops) {
    it(`the TRACE rule is gone after ${how}, and other raw rules are untouched`, async () => {
      const { child } = await watch('-p', 'tcp', '--dport', '22', '--seconds', how === '--seconds' ? '2' : '60');
      expect(await traceRules()).toHaveLength(2);
      await syn(CLIENTS[0], 40100);
      await stop(child);
      const done = await child;
      expect(done.exitCode, String(done.stderr)).toBe(0);
      expect(String(done.stdout)).toContain("=> DROP at filter SSH #3 (as fwtui's trace predicted)");
      expect(await traceRules()).toEqual([]);
      expect(await raw()).toEqual(['-A PREROUTING -p udp -m udp --dport 7000 -j NOTRACK']);
      expect(await readdir(join(state, 'netns', server.name, 'watches'))).toEqual([]);
    }, 30_000);
  }

  it('kill -9 of fwtui and its cleaner: the next fwtui command on that firewall removes the TRACE rule', async () => {
    const { child } = await watch('-p', 'tcp', '--dport', '22', '-s', CLIENTS[0]);
    expect(await traceRules()).toHaveLength(2);
    // Both gone (the cleaner first, or it would take the rules out itself: watch-cleaner.test.ts).
    await killWatchCleaners(server.name);
    child.kill('SIGKILL');
    await child;
    expect(await traceRules()).toHaveLength(2);
    const next = await runCli(['list', '--netns', server.name], { env: env() });
    expect(next.exitCode, next.stderr).toBe(0);
    expect(next.stderr).toContain('removed 2 TRACE rule(s) left by a watch');
    expect(await traceRules()).toEqual([]);
    expect(await raw()).toEqual(['-A PREROUTING -p udp -m udp --dport 7000 -j NOTRACK']);
  }, 30_000);

  it('kill -9 of a watch (and its cleaner) that created raw: the next fwtui removes the table too', async () => {
    const bare = await createNetns();
    try {
      await bare.exec(['iptables-nft', '-w', '5', '-A', 'INPUT', '-p', 'tcp', '--dport', '22', '-j', 'ACCEPT']);
      const tables = async () => (await bare.exec(['nft', 'list', 'tables'])).trim().split('\n');
      const child = execa(FWTUI[0]!, [...FWTUI.slice(1), 'watch', '--netns', bare.name, '-p', 'tcp', '--dport', '22'], {
        env: env(),
        reject: false,
      });
      for (let i = 0; i < 100 && !(await tables()).includes('table ip raw'); i++) await sleep(50);
      await sleep(300);
      await killWatchCleaners(bare.name);
      child.kill('SIGKILL');
      await child;
      expect(await tables()).toEqual(['table ip filter', 'table ip raw']);
      const next = await runCli(['list', '--netns', bare.name], { env: env() });
      expect(next.exitCode, next.stderr).toBe(0);
      expect(next.stderr).toContain('removed 2 TRACE rule(s) left by a watch');
      expect(await tables()).toEqual(['table ip filter']);
    } finally {
      await bare.remove();
    }
  }, 30_000);

  it('a closed terminal (tmux kill-session: SIGHUP) removes the TRACE rule', async () => {
    const socket = `fwtui-watch-${process.pid}`;
    const tmux = (...a: string[]) =>
      execa('tmux', ['-L', socket, '-f', '/dev/null', ...a], { reject: false, env: env() });
    const line = `FWTUI_STATE_DIR=${state} ${FWTUI_LINE} watch --netns ${server.name} -p tcp --dport 22; sleep 30`;
    try {
      const started = await tmux('new-session', '-d', '-s', 'w', '-x', '150', '-y', '30', line);
      expect(started.exitCode, started.stderr).toBe(0);
      for (let i = 0; i < 100 && (await traceRules()).length < 2; i++) await sleep(50);
      expect(await traceRules()).toHaveLength(2);
      await tmux('kill-session', '-t', 'w');
      for (let i = 0; i < 100 && (await traceRules()).length > 0; i++) await sleep(50);
      expect(await traceRules()).toEqual([]);
    } finally {
      await tmux('kill-server');
    }
  }, 30_000);

  for (const how of ['q', 'a closed terminal (SIGHUP)'] as const) {
    it(`W in the view: the hit rules and the packet's way show; the TRACE rule is gone after ${how}`, async () => {
      const socket = `fwtui-watch-tui-${process.pid}`;
      const tmux = (...a: string[]) =>
        execa('tmux', ['-L', socket, '-f', '/dev/null', ...a], { reject: false, env: env() });
      const capture = async (): Promise<string> => (await tmux('capture-pane', '-p', '-t', 'v')).stdout;
      const line = `FWTUI_STATE_DIR=${state} ${FWTUI_LINE} --netns ${server.name}; sleep 30`;
      try {
        const started = await tmux('new-session', '-d', '-s', 'v', '-x', '160', '-y', '40', line);
        expect(started.exitCode, started.stderr).toBe(0);
        for (let i = 0; i < 100 && !(await capture()).includes('INPUT'); i++) await sleep(100);
        await tmux('send-keys', '-t', 'v', 'W');
        for (let i = 0; i < 50 && !(await capture()).includes('Watch real packets'); i++) await sleep(100);
        await tmux('send-keys', '-t', 'v', '-l', '--', '-p tcp --dport 22');
        await tmux('send-keys', '-t', 'v', 'Enter');
        for (let i = 0; i < 100 && (await traceRules()).length < 2; i++) await sleep(50);
        expect(await traceRules()).toHaveLength(2);
        await syn(CLIENTS[0], 40200);
        let screen = '';
        for (let i = 0; i < 50 && !screen.includes('=> DROP'); i++) {
          await sleep(100);
          screen = await capture();
        }
        expect(screen).toContain('1. => DROP at filter SSH #3 · IPv4 10.79.0.2:40200 -> 10.79.0.1:22 SYN');
        expect(screen).toContain('watch -p tcp --dport 22: running (W stops)');
        // The rule the packet jumped from is marked in the list.
        expect(screen).toMatch(/▸ +2 .*SSH/);
        if (how === 'q') await tmux('send-keys', '-t', 'v', 'q');
        else await tmux('kill-session', '-t', 'v');
        for (let i = 0; i < 100 && (await traceRules()).length > 0; i++) await sleep(50);
        expect(await traceRules(), await capture()).toEqual([]);
        expect(await raw()).toEqual(['-A PREROUTING -p udp -m udp --dport 7000 -j NOTRACK']);
      } finally {
        await tmux('kill-server');
      }
    }, 40_000);
  }

  it('a foreign raw TRACE rule and a live watch are left alone by another fwtui', async () => {
    await server.exec(['iptables-nft', '-w', '5', '-t', 'raw', '-A', 'OUTPUT', '-p', 'icmp', '-j', 'TRACE']);
    const { child } = await watch('-p', 'udp', '--dport', '53');
    const next = await runCli(['list', '--netns', server.name], { env: env() });
    expect(next.stderr).not.toContain('TRACE');
    expect(await traceRules()).toHaveLength(2);
    child.kill('SIGINT');
    await child;
    expect(await raw()).toEqual(['-A PREROUTING -p udp -m udp --dport 7000 -j NOTRACK', '-A OUTPUT -p icmp -j TRACE']);
  }, 30_000);

  it('a raw table the watch created is gone after it (nft); one that was there stays', async () => {
    const bare = await createNetns();
    try {
      await bare.exec(['iptables-nft', '-w', '5', '-A', 'INPUT', '-p', 'tcp', '--dport', '22', '-j', 'ACCEPT']);
      const tables = async () => (await bare.exec(['nft', 'list', 'tables'])).trim().split('\n');
      expect(await tables()).toEqual(['table ip filter']);
      const r = await runCli(['watch', '--netns', bare.name, '-p', 'tcp', '--dport', '22', '--seconds', '1'], {
        env: env(),
      });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(await tables()).toEqual(['table ip filter']);
    } finally {
      await bare.remove();
    }
    expect((await server.exec(['nft', 'list', 'tables'])).split('\n')).toContain('table ip raw');
  }, 30_000);

  it('a packet sent out whose trace ends at raw OUTPUT policy ACCEPT, no later chain in nft: accepted', async () => {
    const bare = await createNetns();
    try {
      // iptables-nft makes filter INPUT only; iptables-save still lists :OUTPUT ACCEPT.
      await bare.exec(['iptables-nft', '-w', '5', '-A', 'INPUT', '-p', 'tcp', '--dport', '22', '-j', 'ACCEPT']);
      const r = runCli(['watch', '--netns', bare.name, '-p', 'icmp', '-o', 'lo', '--seconds', '2', '--json'], {
        env: env(),
      });
      await sleep(1000);
      await bare.exec(['ping', '-c', '1', '-W', '1', '127.0.0.1']);
      const done = await r;
      expect(done.exitCode, done.stderr).toBe(0);
      const reports = done.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(reports.length, done.stdout).toBeGreaterThan(0);
      for (const x of reports) {
        expect(x.verdict, JSON.stringify(x)).toBe('ACCEPT');
        expect(x.why).toBe('the last chain on its path, raw OUTPUT, has policy ACCEPT');
      }
    } finally {
      await bare.remove();
    }
  }, 30_000);

  it('legacy: not available (exit 13), in words, and no rule is written', async () => {
    const r = await runCli(['watch', '--netns', server.name, '--backend', 'legacy', '-p', 'tcp', '--dport', '22'], {
      env: env(),
    });
    expect(r.exitCode).toBe(13);
    expect(r.stderr).toContain('not available on legacy iptables: TRACE goes to the kernel log');
    expect(await traceRules('legacy')).toEqual([]);
  }, 30_000);
});
