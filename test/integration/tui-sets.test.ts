/**
 * The sets panel in a real terminal (tmux) over a namespace with real ipset and a `-m set` rule, with each
 * iptables backend: s lists the set, Enter pages its members, / finds the hash:net entry holding an address,
 * r names the rule that uses it, and Enter on that rule opens the set.
 */
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { FWTUI_LINE } from '../helpers/run-cli.js';

const available = await requireNetns();
const SOCKET = `fwtui-sets-${process.pid}`;
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

/** 300 members: /24 networks 198.18.0.0-198.18.255.0 and 44 hosts; counters on. */
const SETS = [
  'create blacklist hash:net family inet hashsize 1024 maxelem 65536 counters',
  ...Array.from({ length: 256 }, (_, i) => `add blacklist 198.18.${i}.0/24`),
  ...Array.from({ length: 44 }, (_, i) => `add blacklist 203.0.113.${i + 1}`),
  '',
].join('\n');

const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -m set --match-set blacklist src -j DROP
COMMIT
`;

describe.runIf(available).each(['nft', 'legacy'] as const)('the sets panel on real ipset (%s)', (variant) => {
  let ns: TestNetns;
  beforeEach(async () => {
    ns = await createNetns();
    await ns.exec(['ipset', 'restore'], SETS);
    await ns.exec([`iptables-${variant}-restore`, '-w', '5'], RULES);
    await tmux('kill-server');
    const line = `${FWTUI_LINE} --netns ${ns.name} --backend ${variant}; sleep 30`;
    let started = await tmux('new-session', '-d', '-s', 'fw', '-x', '80', '-y', '24', line);
    // A tmux server still shutting down can refuse a new session: try again.
    for (let i = 0; i < 5 && started.exitCode !== 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      started = await tmux('new-session', '-d', '-s', 'fw', '-x', '80', '-y', '24', line);
    }
    await waitForScreen((s) => s.includes('rule 1/2'), 'the rules');
  });
  afterEach(async () => {
    await tmux('kill-server');
    await ns.remove();
  });

  it('s lists the set; Enter pages its members; / finds the entry holding an address; r names the rule', async () => {
    await keys('s');
    const list = await waitForScreen((s) => /IP sets: 1\s*$/m.test(s), 'the sets list, read');
    expect(list).toMatch(/blacklist hash:net +inet +300 +\d+[BK] +1 counters/);
    await keys('Enter');
    const page = await waitForScreen((s) => s.includes('Set blacklist: 300 members (1-'), 'the first page');
    // In the kernel's hash order; each member with its own counters (the set has them).
    expect(page).toMatch(/^ {2}(198\.18\.\d+\.0\/24|203\.0\.113\.\d+) +packets 0 bytes 0$/m);
    await keys('End');
    await waitForScreen((s) => s.includes('(286-300 of 300)'), 'the last page');
    await keys('/');
    await waitForScreen((s) => s.includes('Find in blacklist'), 'the find prompt');
    await keys('-l', '198.18.77.9');
    await keys('Enter');
    const found = await waitForScreen((s) => s.includes('1 found for 198.18.77.9'), 'the hit');
    expect(found).toContain('198.18.77.0/24');
    await keys('r');
    const users = await waitForScreen((s) => s.includes('Rules using set blacklist: 1'), 'the rules using it');
    expect(users).toContain('IPv4 filter INPUT rule 2: -m set --match-set blacklist src -j DROP');
    await keys('Enter');
    await waitForScreen((s) => s.includes('rule 2/2') && !s.includes('Rules using'), 'rule 2 selected');
    await keys('Enter');
    await waitForScreen((s) => s.includes('Set blacklist: 300 members'), 'Enter on the rule opens its set');
  }, 60_000);
  it('done-when: create a set, paste 200 addresses, add the DROP rule, apply, keep: the kernel has both', async () => {
    await keys('s');
    await waitForScreen((s) => /IP sets: 1\s*$/m.test(s), 'the sets list, read');
    await keys('n');
    await waitForScreen((s) => s.includes('New IPv4 set'), 'the create prompt');
    await keys('-l', 'badguys hash:net counters');
    await keys('Enter');
    await waitForScreen((s) => /\+ badguys/.test(s), 'the new set, staged');
    await keys('a');
    await waitForScreen((s) => s.includes('Add to badguys:'), 'the add prompt');
    // One paste, as a terminal delivers it: all lines in one write (tmux paste-buffer, line feeds kept).
    const list = Array.from({ length: 200 }, (_, i) => `192.0.2.${i}${i % 50 === 0 ? ' # block' : ''}`).join('\n');
    await tmux('set-buffer', '-b', 'list', `# weekly list\n${list}\n`);
    await tmux('paste-buffer', '-r', '-b', 'list', '-t', 'fw');
    await waitForScreen((s) => s.includes('[201 lines; Enter stages them]'), 'the pasted lines');
    await keys('Enter');
    await waitForScreen((s) => /\+ badguys .* 200 /.test(s), '200 members staged');
    await keys('Escape');
    await waitForScreen((s) => !s.includes('IP sets'), 'the rules again');
    await keys(':');
    await waitForScreen((s) => s.includes('iptables'), 'the command prompt');
    await keys('-l', 'iptables -I INPUT 1 -m set --match-set badguys src -j DROP');
    await keys('Enter');
    await waitForScreen((s) => s.includes('staged 1 edit(s) from 1 line(s)'), 'the rule staged with the set edits');
    await keys('c');
    const review = await waitForScreen((s) => s.includes('Lockout check:'), 'the review, checked');
    expect(review.replace(/\s+/g, ' ')).toContain('set badguys: created hash:net inet counters; 200 members added');
    await keys('y');
    await waitForScreen((s) => s.includes('Keep these rules?'), 'applied, asking to keep');
    await keys('Y');
    await waitForScreen((s) => s.includes('Kept'), 'kept');
    const members = (await ns.exec(['ipset', 'save', 'badguys'])).split('\n').filter((l) => l.startsWith('add '));
    expect(members).toHaveLength(200);
    const rules = await ns.exec([`iptables-${variant}-save`]);
    expect(rules).toMatch(/^-A INPUT -m set --match-set badguys src -j DROP$/m);
    // Applying under the safety net starts the guard: slower than a read on a loaded machine.
  }, 90_000);
});
