import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../../../src/backend/fake-runner.js';
import { lockoutCheck, lockoutWarnings, statusText, type Protect } from '../../../../src/domain/analysis/lockout.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { parseStat, parseTcpTable, sshConnectionOf } from '../../../../src/domain/analysis/proc-net.js';
import { findProtect, type ProcView } from '../../../../src/app/admin-sessions.js';

// A backslash at the end of a line inside these templates joins it to the next (no line break there).
const TCP4 = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100590A:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 \
0000000000000000 100 0 0 10 0
   1: 0100590A:0016 0200590A:D431 01 00000000:00000000 02:00094C2C 00000000     0        0 222 4 \
0000000000000000 20 4 31 10 -1
   2: 0100590A:0016 0300590A:9C40 01 00000000:00000000 02:00094C2C 00000000     0        0 333 4 \
0000000000000000 20 4 31 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue \
rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 000089FD000000000000000001000000:0016 000089FD000000000000000002000000:A000 01 00000000:00000000 \
00:00000000 00000000     0        0 444 1
   1: 0000000000000000FFFF00000200590A:0016 0000000000000000FFFF00000900590A:B000 01 00000000:00000000 \
00:00000000 00000000     0        0 555 1
`;

describe('reading /proc', () => {
  it('decodes tcp and tcp6 tables, IPv4-mapped clients as IPv4', () => {
    const t = parseTcpTable(TCP4);
    expect(t[0]).toMatchObject({ localAddress: '10.89.0.1', localPort: 22, state: 'listen', inode: 111 });
    expect(t[1]).toMatchObject({ remoteAddress: '10.89.0.2', remotePort: 0xd431, state: 'established' });
    const t6 = parseTcpTable(TCP6);
    expect(t6[0]).toMatchObject({
      family: 'ipv6',
      localAddress: 'fd89::1',
      remoteAddress: 'fd89::2',
      remotePort: 0xa000,
    });
    expect(t6[1]).toMatchObject({ family: 'ipv4', localAddress: '10.89.0.2', remoteAddress: '10.89.0.9' });
  });

  it('reads stat with odd command names and SSH_CONNECTION', () => {
    expect(parseStat('42 (tmux: server) S 1 42 42 0 -1')).toEqual({ comm: 'tmux: server', ppid: 1 });
    expect(parseStat('7 (a) b)) S 5 7')).toEqual({ comm: 'a) b)', ppid: 5 });
    expect(sshConnectionOf('A=1\0SSH_CONNECTION=::ffff:10.0.0.2 5000 ::ffff:10.0.0.1 22\0')).toEqual({
      family: 'ipv4',
      client: '10.0.0.2',
      clientPort: 5000,
      server: '10.0.0.1',
      serverPort: 22,
    });
    expect(sshConnectionOf('SSH_CONNECTION=garbage')).toBeNull();
  });
});

/**
 * A /proc with: 1 init, 10 sshd listener, 20 sshd session (socket 222), 30 bash, 40 sudo, 50 fwtui; 60 tmux server, 70
 * shell, 80 fwtui.
 */
function fakeProc(env: Record<number, string> = {}): ProcView {
  const procs: Record<number, { comm: string; ppid: number; fds: number[] }> = {
    1: { comm: 'init', ppid: 0, fds: [] },
    10: { comm: 'sshd', ppid: 1, fds: [111] },
    20: { comm: 'sshd', ppid: 10, fds: [222] },
    21: { comm: 'sshd', ppid: 10, fds: [333] },
    30: { comm: 'bash', ppid: 20, fds: [] },
    40: { comm: 'sudo', ppid: 30, fds: [] },
    50: { comm: 'node', ppid: 40, fds: [] },
    60: { comm: 'tmux: server', ppid: 1, fds: [] },
    70: { comm: 'bash', ppid: 60, fds: [] },
    80: { comm: 'node', ppid: 70, fds: [] },
  };
  const no = () => Promise.reject(new Error('ENOENT'));
  return {
    async readFile(path) {
      const m = /^\/proc\/(\d+)\/(stat|environ|net\/tcp6?)$/.exec(path);
      const p = m && procs[Number(m[1])];
      if (!p || !m) return no();
      if (m[2] === 'stat') return `${m[1]} (${p.comm}) S ${p.ppid} 0 0`;
      if (m[2] === 'environ') return env[Number(m[1])] ?? '';
      return m[2] === 'net/tcp' ? TCP4 : '';
    },
    async readlink(path) {
      if (/\/ns\/net$/.test(path)) return 'net:[4026531840]';
      const m = /^\/proc\/(\d+)\/fd\/(\d+)$/.exec(path);
      return m ? `socket:[${m[2]}]` : no();
    },
    async readdir(path) {
      if (path === '/proc') return Object.keys(procs);
      const m = /^\/proc\/(\d+)\/fd$/.exec(path);
      return m ? (procs[Number(m[1])]?.fds ?? []).map(String) : no();
    },
    inode: () => no(),
  };
}

describe('finding the admin connection', () => {
  const route = (to: string, dev: string) =>
    [
      ['ip', '-4', '-o', 'route', 'get', to],
      { stdout: `${to} dev ${dev} src 10.89.0.1 uid 0 \\    cache \n` },
    ] as const;
  const LINKS = [
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN',
    '2: veth7@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500',
    '4: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500',
    '5: dummy0: <BROADCAST,NOARP> mtu 1500 state DOWN',
    '',
  ].join('\n');
  const links = [['ip', '-o', '-d', 'link', 'show'], { stdout: LINKS }] as const;
  const ADDRS = '2: veth7    inet 10.89.0.1/24 brd 10.89.0.255 scope global veth7\\       valid_lft forever\n';
  const addrs = [['ip', '-o', 'addr', 'show'], { stdout: ADDRS }] as const;

  it('walks up through sudo to the sshd holding this session, and finds its interface', async () => {
    const runner = new FakeRunner()
      .expect(...links)
      .expect(...addrs)
      .expect(...route('10.89.0.2', 'veth7'));
    const p = await findProtect({ runner, pid: 50, proc: fakeProc() });
    expect(p.how).toBe('own');
    // The interfaces SSH can arrive on: up, not loopback.
    expect(p.interfaces).toEqual(['veth7', 'eth1']);
    // Their addresses, for the static question's destination.
    expect(p.addresses).toEqual([{ iface: 'veth7', address: '10.89.0.1', prefix: 24 }]);
    expect(p.sessions.map((s) => `${s.client}:${s.clientPort} ${s.inInterface}`)).toEqual(['10.89.0.2:54321 veth7']);
    expect(p.sshPorts).toEqual([22]);
  });

  it('in tmux, a stale SSH_CONNECTION is not trusted: every sshd peer is protected', async () => {
    const runner = new FakeRunner()
      .expect(...links)
      .expect(...addrs)
      .expect(...route('10.89.0.2', 'eth0'))
      .expect(...route('10.89.0.3', 'eth0'));
    const p = await findProtect({
      runner,
      pid: 80,
      proc: fakeProc({ 70: 'SSH_CONNECTION=10.89.0.2 54321 10.89.0.1 22' }),
    });
    expect(p.how).toBe('all');
    expect(p.sessions.map((s) => `${s.client}:${s.clientPort}`).sort()).toEqual(['10.89.0.2:54321', '10.89.0.3:40000']);
  });

  it('outside tmux, a SSH_CONNECTION that matches a live connection is used (no sshd among the parents)', async () => {
    const runner = new FakeRunner()
      .expect(['ip', '-o', '-d', 'link', 'show'], { exitCode: 1 })
      .expect(['ip', '-o', 'addr', 'show'], { exitCode: 1 })
      .expect(...route('10.89.0.3', 'eth1'));
    const p = await findProtect({
      runner,
      pid: 80,
      proc: {
        ...fakeProc({ 70: 'SSH_CONNECTION=10.89.0.3 40000 10.89.0.1 22' }),
        readFile: async (path) =>
          path === '/proc/60/stat'
            ? '60 (bash) S 1 0 0'
            : fakeProc({ 70: 'SSH_CONNECTION=10.89.0.3 40000 10.89.0.1 22' }).readFile(path),
      },
    });
    expect(p.how).toBe('environment');
    expect(p.sessions.map((s) => `${s.client}:${s.clientPort} ${s.inInterface}`)).toEqual(['10.89.0.3:40000 eth1']);
    expect(p.interfaces).toBeNull();
    expect(p.addresses).toBeNull();
  });
});

describe('lockout warnings', () => {
  const live = parseSave(
    '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT ' +
      '[0:0]\n-A INPUT -p tcp -m limit --limit 1/s -j ACCEPT\nCOMMIT\n',
  );
  const protect: Protect = {
    how: 'own',
    sshPorts: [22],
    sessions: [
      {
        family: 'ipv4',
        client: '10.89.0.2',
        clientPort: 5000,
        server: '10.89.0.1',
        serverPort: 22,
        inInterface: 'eth0',
      },
    ],
  };

  it('does not nag about an uncertainty the commit does not change', () => {
    const staged = parseSave(
      '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A ' +
        'INPUT -p tcp -m limit --limit 1/s -j ACCEPT\n-A INPUT -p udp -j DROP\nCOMMIT\n',
    );
    expect(lockoutWarnings(staged, live, protect)).toEqual([]);
  });

  it('warns when the commit makes the session uncertain, naming the match', () => {
    const staged = parseSave(
      '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ' +
        'ACCEPT [0:0]\n-A INPUT -p tcp -m recent --rcheck -j DROP\nCOMMIT\n',
    );
    const w = lockoutWarnings(staged, live, protect).map((x) => x.message);
    expect(w[0]).toBe(
      'SSH 10.89.0.2:5000 -> 10.89.0.1:22: its next packet in is not certain to pass: uncertain ' +
        'at filter INPUT rule 1 (-m recent (depends on earlier packets)): could be ACCEPT or DROP',
    );
  });

  it('a DROP policy that still lets SSH in from somewhere is fine for the static check', () => {
    const staged = parseSave(
      '*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A ' +
        'INPUT -i lo -j ACCEPT\n-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 ' +
        '-j ACCEPT\n-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\nCOMMIT\n',
    );
    expect(lockoutWarnings(staged, live, { ...protect, sessions: [], how: 'none' })).toEqual([]);
    const closed = parseSave(
      '*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n',
    );
    expect(lockoutWarnings(closed, live, { ...protect, sessions: [], how: 'none' }).map((x) => x.message)).toEqual([
      'the INPUT policy is DROP and no rule accepts new SSH connections (port 22) from anywhere',
    ]);
  });
});

const rules = (policy: string, lines: string[], output = 'ACCEPT') =>
  [
    '*filter',
    `:INPUT ${policy} [0:0]`,
    ':FORWARD ACCEPT [0:0]',
    `:OUTPUT ${output} [0:0]`,
    ...lines,
    'COMMIT',
    '',
  ].join('\n');
const SSH = '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT';
const ESTABLISHED = '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT';

describe('no SSH session found: the static question on every change', () => {
  const nobody: Protect = { how: 'none', sshPorts: [22], sessions: [], interfaces: ['eth0', 'eth1'] };
  const live = (family: 'ipv4' | 'ipv6' = 'ipv4') => parseSave(rules('ACCEPT', [SSH]), { family });
  const warn = (text: string, protect = nobody, family: 'ipv4' | 'ipv6' = 'ipv4') =>
    lockoutWarnings(parseSave(text, { family }), live(family), protect).map((w) => w.message);
  const anywhere = 'no new SSH connection (port 22) can get in from anywhere on eth0, eth1';

  it('a REJECT above the SSH accept is named', () => {
    const reject = '-A INPUT -j REJECT --reject-with icmp-port-unreachable';
    expect(warn(rules('ACCEPT', [reject, SSH]))).toEqual([`${anywhere}: rejected by filter INPUT rule 1 (${reject})`]);
  });

  it('the IPv6 twin of the REJECT case is named', () => {
    const reject = '-A INPUT -j REJECT --reject-with icmp6-port-unreachable';
    expect(warn(rules('ACCEPT', [reject, SSH]), nobody, 'ipv6')).toEqual([
      `${anywhere}: rejected by filter INPUT rule 1 (${reject})`,
    ]);
  });

  it('a DROP of port 22 for everyone is named', () => {
    const drop = '-A INPUT -p tcp -m tcp --dport 22 -j DROP';
    expect(warn(rules('ACCEPT', [drop]))).toEqual([`${anywhere}: dropped by filter INPUT rule 1 (${drop})`]);
  });

  it('drops that together cover every interface of the namespace are named; one left open is not a lockout', () => {
    expect(warn(rules('ACCEPT', ['-A INPUT -i eth+ -j DROP']))[0]).toContain(
      'dropped by filter INPUT rule 1 (-A INPUT -i eth+ -j DROP)',
    );
    expect(warn(rules('ACCEPT', ['-A INPUT -i eth0 -j DROP', '-A INPUT -i eth1 -j DROP']))[0]).toContain(
      'filter INPUT rule 1 (-A INPUT -i eth0 -j DROP); dropped by filter INPUT rule 2',
    );
    expect(warn(rules('ACCEPT', ['-A INPUT -i eth0 -j DROP']))).toEqual([]);
    // Interfaces not known: an unknown one other than lo may pass `-i eth+`, so that is not called a lockout.
    expect(warn(rules('ACCEPT', ['-A INPUT -i eth+ -j DROP']), { ...nobody, interfaces: null })).toEqual([]);
    expect(warn(rules('ACCEPT', ['-A INPUT ! -i lo -j DROP']), { ...nobody, interfaces: null })).toHaveLength(1);
  });

  it('an OUTPUT policy DROP: the replies cannot leave', () => {
    expect(warn(rules('ACCEPT', [SSH], 'DROP'))).toEqual([
      'SSH (port 22) can no longer answer: ' +
        'its replies going out would be dropped by the policy of filter OUTPUT (DROP)',
    ]);
    // Replies that can only leave by lo do not reach a remote admin.
    const loOnly = rules('ACCEPT', ['-A OUTPUT -o lo -j ACCEPT'], 'DROP');
    expect(warn(loOnly, { ...nobody, interfaces: null })).toHaveLength(1);
  });

  it('safe rulesets pass', () => {
    expect(warn(rules('DROP', [ESTABLISHED, '-A INPUT -i lo -j ACCEPT', SSH]))).toEqual([]);
    expect(warn(rules('DROP', ['-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT']))).toEqual([]);
    expect(warn(rules('ACCEPT', ['-A INPUT -p tcp -m tcp --dport 80 -j DROP']))).toEqual([]);
  });

  it('rules that already blocked SSH do not warn again', () => {
    const closed = parseSave(rules('ACCEPT', ['-A INPUT -j REJECT']));
    expect(lockoutWarnings(parseSave(rules('DROP', ['-A INPUT -j REJECT'])), closed, nobody)).toEqual([]);
  });
});

describe('what the check says when it has no warning', () => {
  const nobody: Protect = { how: 'none', sshPorts: [22], sessions: [] };
  const reject = '-A INPUT -j REJECT --reject-with icmp-port-unreachable';
  const web = '-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT';
  const endsInReject = rules('ACCEPT', [ESTABLISHED, '-A INPUT -i lo -j ACCEPT', web, reject]);

  it('rules that already REJECT SSH, then policy DROP: "already blocked by rule 4", never "stays open"', () => {
    const staged = parseSave(endsInReject.replace(':INPUT ACCEPT', ':INPUT DROP'));
    const report = lockoutCheck(staged, parseSave(endsInReject), nobody);
    expect(report.warnings).toEqual([]);
    expect(statusText(report.status)).toBe(
      [
        'SSH is already blocked by filter INPUT rule 4 of the running rules; these edits do not change that:',
        `a new SSH connection (port 22) from an arbitrary address ` +
          `would be rejected by filter INPUT rule 4 (${reject}).`,
      ].join(' '),
    );
  });

  it('a session that gets in, and rules that accept every checked packet: SSH stays open', () => {
    const session = { family: 'ipv4' as const, client: '10.89.0.2', clientPort: 5000, server: '10.89.0.1' };
    const me: Protect = { how: 'own', sshPorts: [22], sessions: [{ ...session, serverPort: 22, inInterface: 'eth0' }] };
    const open = parseSave(rules('ACCEPT', [SSH]));
    expect(statusText(lockoutCheck(open, open, me).status)).toBe('SSH stays open.');
    expect(statusText(lockoutCheck(open, open, nobody).status)).toBe('SSH stays open.');
  });

  it('SSH only from some addresses, no session to check: uncertain, with the reason', () => {
    const some = parseSave(rules('DROP', ['-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT']));
    expect(statusText(lockoutCheck(some, some, nobody).status)).toBe(
      [
        'uncertain: a new SSH connection (port 22) from an arbitrary address:',
        'uncertain at filter INPUT rule 1 (-s 10.0.0.0/8 (the source was not given)): could be ACCEPT or DROP.',
      ].join(' '),
    );
  });

  it('a set fwtui cannot decide: every possible verdict is named, the DROP policy too', () => {
    const set = '-A INPUT -m set --match-set blacklist src -j REJECT --reject-with icmp-port-unreachable';
    const some = parseSave(rules('DROP', [set, '-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT']));
    const text = statusText(lockoutCheck(some, some, nobody).status);
    expect(text).toMatch(
      /^uncertain: a new SSH connection \(port 22\) from an arbitrary address.*: uncertain at filter INPUT rule 1 /,
    );
    expect(text).toMatch(/: could be ACCEPT or DROP or REJECT\.$/);
  });

  it('one interface newly closed while another stays open: said, not called open', () => {
    const open = parseSave(rules('ACCEPT', []));
    const one = parseSave(rules('ACCEPT', ['-A INPUT -i eth0 -j DROP']));
    const text = statusText(lockoutCheck(one, open, { ...nobody, interfaces: ['eth0', 'eth1'] }).status);
    expect(text).toBe(
      [
        'SSH still gets in elsewhere, but a new SSH connection (port 22) from an arbitrary address on eth0',
        'would be dropped by filter INPUT rule 1 (-A INPUT -i eth0 -j DROP)',
        '(the running rules: ACCEPT by the policy of filter INPUT (ACCEPT)).',
      ].join(' '),
    );
  });
});

describe("the static question asks with the interfaces' own addresses when they are known (#14)", () => {
  // Docker: only docker0 may reach a container's address; the raw rule names a destination.
  const raw = [
    '*raw',
    ':PREROUTING ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP',
    'COMMIT',
    '',
  ].join('\n');
  const docker = parseSave(raw + rules('DROP', [ESTABLISHED, SSH]));
  const addresses = [
    { iface: 'eth0', address: '10.0.0.5', prefix: 24 },
    { iface: 'docker0', address: '172.17.0.1', prefix: 16 },
  ];
  const nobody: Protect = { how: 'none', sshPorts: [22], sessions: [], interfaces: ['eth0', 'docker0'] };

  it('a docker-style raw rule with -d does not make SSH uncertain: SSH stays open', () => {
    expect(statusText(lockoutCheck(docker, docker, { ...nobody, addresses }).status)).toBe('SSH stays open.');
  });

  it('addresses not known: uncertain as before, naming the destination', () => {
    expect(statusText(lockoutCheck(docker, docker, nobody).status)).toContain(
      '-d 172.17.0.2/32 (the destination was not given)',
    );
  });

  it('a drop of SSH to every address of every interface is still a lockout', () => {
    const all = parseSave(rules('ACCEPT', ['-A INPUT -d 10.0.0.5/32 -j DROP', '-A INPUT -d 172.17.0.1/32 -j DROP']));
    const open = parseSave(rules('ACCEPT', []));
    expect(lockoutWarnings(all, open, { ...nobody, addresses }).map((w) => w.message)[0]).toContain(
      'no new SSH connection (port 22) can get in from anywhere on docker0, eth0',
    );
    const one = parseSave(rules('ACCEPT', ['-A INPUT -d 10.0.0.5/32 -j DROP']));
    expect(lockoutWarnings(one, open, { ...nobody, addresses })).toEqual([]);
  });
});
