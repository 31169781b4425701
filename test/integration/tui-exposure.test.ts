/**
 * The exposure view in a real terminal (tmux) over a Docker-like lab, with each iptables backend: a "host"
 * namespace DNATs port 8080 (eth0) to a "container" namespace where a real listener answers on port 80, while
 * INPUT drops everything on eth0 (what ufw would show as closed). E shows 8080 open via DNAT; f stages the
 * DOCKER-USER rule by the original port; the review applies it under the safety net; E again shows it filtered,
 * and a connection from the "internet" namespace that got through before no longer does.
 */
import { execa, type ResultPromise } from 'execa';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { FWTUI_LINE } from '../helpers/run-cli.js';

const available = await requireNetns();
const SOCKET = `fwtui-exposure-${process.pid}`;
const ECHO = join(import.meta.dirname, '..', 'helpers', 'tcp-echo.mjs');
const tmux = (...args: string[]) => execa('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { reject: false });
const capture = async (): Promise<string> => (await tmux('capture-pane', '-p', '-t', 'fw')).stdout;
const keys = (...k: string[]) => tmux('send-keys', '-t', 'fw', ...k);

async function waitForScreen(test: (screen: string) => boolean, what: string): Promise<string> {
  let screen = '';
  for (let i = 0; i < 300; i++) {
    screen = await capture();
    if (test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the screen never showed ${what}:\n${screen}`);
}

/** Docker 28's shape, cut to one published port: DOCKER-USER first in FORWARD, the DNAT in nat DOCKER. */
const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER - [0:0]
:DOCKER-USER - [0:0]
-A INPUT -i eth0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -i eth0 -j DROP
-A FORWARD -j DOCKER-USER
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A FORWARD -i docker0 -j ACCEPT
-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
-A DOCKER-USER -j RETURN
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A DOCKER -i docker0 -j RETURN
-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
COMMIT
`;

/** Whether a TCP connection from `from` to 203.0.113.1:8080 is answered within a second. */
async function connects(from: TestNetns): Promise<boolean> {
  const r = await execa(
    'ip',
    ['netns', 'exec', from.name, 'timeout', '1', 'bash', '-c', '</dev/tcp/203.0.113.1/8080'],
    {
      reject: false,
    },
  );
  return r.exitCode === 0;
}

describe.runIf(available).each(['nft', 'legacy'] as const)('the exposure view on a Docker-like lab (%s)', (variant) => {
  let host: TestNetns;
  let container: TestNetns;
  let internet: TestNetns;
  let listener: ResultPromise | null = null;
  beforeEach(async () => {
    [host, container, internet] = await Promise.all([createNetns(), createNetns(), createNetns()]);
    await host.exec(['ip', 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', internet.name]);
    await host.exec(['ip', 'link', 'add', 'docker0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', container.name]);
    await host.exec(['ip', 'addr', 'add', '203.0.113.1/24', 'dev', 'eth0']);
    await host.exec(['ip', 'addr', 'add', '172.17.0.1/16', 'dev', 'docker0']);
    await internet.exec(['ip', 'addr', 'add', '203.0.113.9/24', 'dev', 'eth0']);
    await container.exec(['ip', 'addr', 'add', '172.17.0.2/16', 'dev', 'eth0']);
    for (const [ns, dev] of [
      [host, 'eth0'],
      [host, 'docker0'],
      [internet, 'eth0'],
      [container, 'eth0'],
    ] as const)
      await ns.exec(['ip', 'link', 'set', dev, 'up']);
    await container.exec(['ip', 'route', 'add', 'default', 'via', '172.17.0.1']);
    await host.exec(['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
    await host.exec([`iptables-${variant}-restore`, '-w', '5'], RULES);
    listener = execa('ip', ['netns', 'exec', container.name, process.execPath, ECHO, 'server', '0.0.0.0', '80'], {
      reject: false,
    });
    await waitFor(() => connects(internet), 'the published port to answer before any fix');
    await tmux('kill-server');
    const line = `${FWTUI_LINE} --netns ${host.name} --backend ${variant}; sleep 30`;
    let started = await tmux('new-session', '-d', '-s', 'fw', '-x', '100', '-y', '30', line);
    for (let i = 0; i < 5 && started.exitCode !== 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      started = await tmux('new-session', '-d', '-s', 'fw', '-x', '100', '-y', '30', line);
    }
    await waitForScreen((s) => s.includes('rule 1/2'), 'the rules');
  });
  afterEach(async () => {
    await tmux('kill-server');
    listener?.kill();
    await listener;
    await Promise.all([host.remove(), container.remove(), internet.remove()]);
  });

  it('E: 8080 open via DNAT though INPUT drops eth0; f, review, apply, keep: filtered, closed for real', async () => {
    await keys('E');
    const before = await waitForScreen((s) => /tcp\/8080 +eth0 +open/.test(s), 'the published port, open');
    expect(before).toMatch(/tcp\/8080 +eth0 +open · DNAT to 172\.17\.0\.2:80/);
    await keys('f');
    await waitForScreen((s) => s.includes('keep allowed from'), 'the allowed-source prompt');
    await keys('Enter');
    const staged = await waitForScreen((s) => s.includes('filtered after your edits'), 'the entry after the edits');
    expect(staged.replace(/\s+/g, ' ')).toContain('-A DOCKER-USER -i eth0 -p tcp -m conntrack --ctorigdstport 8080');
    await keys('c');
    await waitForScreen((s) => s.includes('Lockout check:'), 'the review, checked');
    await keys('y');
    await waitForScreen((s) => s.includes('Keep these rules?'), 'applied, asking to keep');
    await keys('Y');
    await waitForScreen((s) => s.includes('Kept'), 'kept');
    const rules = await host.exec([`iptables-${variant}-save`, '-t', 'filter']);
    expect(rules).toMatch(
      /^-A DOCKER-USER -i eth0 -p tcp -m conntrack --ctorigdstport 8080 --ctdir ORIGINAL -j DROP$/m,
    );
    await keys('E');
    const after = await waitForScreen((s) => /tcp\/8080 +eth0 +filtered/.test(s), 'the port, filtered now');
    expect(after).toContain('filter DOCKER-USER rule 1');
    expect(await connects(internet)).toBe(false);
  }, 90_000);
});

async function waitFor(test: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never saw ${what}`);
}
