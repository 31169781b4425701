/** The `:` prompt: iptables command lines from tutorials, read and staged as exactly what iptables would do. */
import { describe, expect, it } from 'vitest';
import { parseCommandLines } from '../../../../src/domain/text/command-line.js';
import { shellWords } from '../../../../src/domain/text/shell-words.js';
import { createAppStore } from '../../../../src/store/create-app-store.js';
import { FakeSource, RULES_V4, RULES_V6 } from '../../../helpers/fake-source.js';

const one = (line: string) => parseCommandLines(line)[0]!;

describe('reading iptables command lines', () => {
  it('splits like a shell: quotes, backslashes, comments; refuses what needs a shell', () => {
    expect(
      shellWords(`iptables -A INPUT -m comment --comment 'allow ssh' -j LOG --log-prefix "IPT \\"in\\": "`),
    ).toEqual([
      'iptables',
      '-A',
      'INPUT',
      '-m',
      'comment',
      '--comment',
      'allow ssh',
      '-j',
      'LOG',
      '--log-prefix',
      'IPT "in": ',
    ]);
    expect(shellWords('iptables -F FOO # clean up')).toEqual(['iptables', '-F', 'FOO']);
    expect(() => shellWords('iptables -A INPUT -s $OFFICE -j ACCEPT')).toThrow(/\$ \(shell variable/);
    expect(() => shellWords('iptables -L; iptables -F')).toThrow(/; \(several commands\)/);
    expect(() => shellWords("iptables -A INPUT -m comment --comment 'x")).toThrow(/single quote is not closed/);
  });

  it('knows the program, sudo, -t, -w, the command, positions and the rule', () => {
    expect(one('sudo iptables -I INPUT 9 -p tcp --dport 8080 -j ACCEPT')).toMatchObject({
      family: 'ipv4',
      table: 'filter',
      variant: null,
      command: { op: 'insert', chain: 'INPUT', at: 8, rule: ['-p', 'tcp', '--dport', '8080', '-j', 'ACCEPT'] },
    });
    expect(one('$ sudo /usr/sbin/ip6tables-legacy -w 5 -t nat -A POSTROUTING -o eth0 -j MASQUERADE')).toMatchObject({
      family: 'ipv6',
      table: 'nat',
      variant: 'legacy',
      command: { op: 'append', chain: 'POSTROUTING', rule: ['-o', 'eth0', '-j', 'MASQUERADE'] },
    });
    expect(one('iptables -I INPUT -j DROP').command).toEqual({
      op: 'insert',
      chain: 'INPUT',
      at: 0,
      rule: ['-j', 'DROP'],
    });
    expect(one('iptables -R INPUT 11 -s 192.0.2.1 -j DROP').command).toEqual({
      op: 'replace',
      chain: 'INPUT',
      at: 10,
      rule: ['-s', '192.0.2.1', '-j', 'DROP'],
    });
    expect(one('iptables -D INPUT 9').command).toEqual({ op: 'deleteAt', chain: 'INPUT', at: 8 });
    expect(one('iptables -D INPUT -i lo -j ACCEPT').command).toEqual({
      op: 'deleteRule',
      chain: 'INPUT',
      rule: ['-i', 'lo', '-j', 'ACCEPT'],
    });
    expect(one('iptables -P FORWARD DROP').command).toEqual({ op: 'policy', chain: 'FORWARD', policy: 'DROP' });
    expect(one('iptables-nft -N LOGDROP')).toMatchObject({
      variant: 'nft',
      command: { op: 'newChain', chain: 'LOGDROP' },
    });
    expect(one('iptables -E OLD NEW').command).toEqual({ op: 'rename', chain: 'OLD', to: 'NEW' });
    // A continued line is one command, numbered from its first line.
    expect(parseCommandLines('\niptables -A INPUT -p tcp \\\n  --dport 22 -j ACCEPT\n')).toMatchObject([
      { line: 2, command: { rule: ['-p', 'tcp', '--dport', '22', '-j', 'ACCEPT'] } },
    ]);
  });

  it('refuses, naming the line, what is not an edit iptables would make', () => {
    expect(() => parseCommandLines('iptables -A INPUT -j ACCEPT\niptables -L -n')).toThrow(
      /^line 2 \(iptables -L -n\): -L does not change the rules/,
    );
    expect(() => parseCommandLines('ufw allow 22')).toThrow(/line 1 .*not an iptables command/);
    expect(() => parseCommandLines('iptables -t bogus -A INPUT -j ACCEPT')).toThrow(/-t needs a table/);
    expect(() => parseCommandLines('iptables -R INPUT -j ACCEPT')).toThrow(/-R needs the number/);
    expect(() => parseCommandLines('iptables -P INPUT REJECT')).toThrow(/-P needs ACCEPT or DROP/);
    expect(() => parseCommandLines('iptables -p tcp')).toThrow(/no command/);
    expect(() => parseCommandLines('iptables -F')).toThrow(/-F without a chain acts on every chain of the table/);
    expect(() => parseCommandLines('iptables -I INPUT 0 -j DROP')).toThrow(/0 is not a rule number/);
  });
});

describe('staging pasted commands', () => {
  async function open() {
    const store = createAppStore({ source: new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 }) });
    await store.getState().actions.load();
    return { store, a: store.getState().actions, s: () => store.getState() };
  }
  const rules = (
    s: ReturnType<Awaited<ReturnType<typeof open>>['s']>,
    key: 'ipv4/filter' | 'ipv6/filter' | 'ipv4/nat',
    chain: string,
  ) => s.staging.staged[key]!.chains.find((c) => c.name === chain)!.rules.map((r) => r.spec);

  it('several lines at once: exactly those edits, in order, as one batch', async () => {
    const { a, s } = await open();
    const error = await a.runCommands(
      [
        'sudo iptables -I INPUT 2 -p tcp --dport 8080 -j ACCEPT',
        'iptables -A INPUT -s 192.0.2.1,192.0.2.2 -j DROP',
        'iptables -R INPUT 1 -m conntrack --ctstate ESTABLISHED -j ACCEPT',
        'iptables -D INPUT -i lo -j ACCEPT',
        'iptables -N LOGDROP',
        "iptables -A LOGDROP -j LOG --log-prefix 'dropped: '",
        'iptables -P FORWARD ACCEPT',
        'iptables -t nat -D POSTROUTING 1',
        'ip6tables -A INPUT -p tcp --dport 443 -j ACCEPT',
      ].join('\n'),
    );
    expect(error).toBeNull();
    expect(rules(s(), 'ipv4/filter', 'INPUT')).toEqual([
      '-m conntrack --ctstate ESTABLISHED -j ACCEPT',
      '-p tcp --dport 8080 -j ACCEPT',
      '-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j TCP',
      '-j REJECT --reject-with icmp-proto-unreachable',
      '-s 192.0.2.1 -j DROP',
      '-s 192.0.2.2 -j DROP',
    ]);
    expect(rules(s(), 'ipv4/filter', 'LOGDROP')).toEqual(['-j LOG --log-prefix "dropped: "']);
    expect(s().staging.staged['ipv4/filter']!.chains.find((c) => c.name === 'FORWARD')!.policy).toBe('ACCEPT');
    expect(rules(s(), 'ipv4/nat', 'POSTROUTING')).toEqual([]);
    expect(rules(s(), 'ipv6/filter', 'INPUT').at(-1)).toBe('-p tcp --dport 443 -j ACCEPT');
    expect(s().staging.edits).toHaveLength(10);
    expect(s().notice).toBe('staged 10 edit(s) from 9 line(s): c reviews them, u takes them all back');
    a.undo();
    expect(s().staging.edits).toHaveLength(0);
  });

  it('one bad line stages nothing, and the message names it', async () => {
    const { a, s } = await open();
    expect(await a.runCommands('iptables -A INPUT -j ACCEPT\niptables -D INPUT 9')).toBe(
      'line 2 (iptables -D INPUT 9): INPUT has no rule 9',
    );
    expect(await a.runCommands('iptables -A INPUT -j ACCEPT\niptables -D WEB -s 192.0.2.200 -j DROP')).toMatch(
      /^line 2 .*no rule of WEB is -s 192.0.2.200 -j DROP/,
    );
    expect(await a.runCommands('iptables -A INPUT -p tcp --dport 99999 -j ACCEPT')).toMatch(
      /^line 1 .*99999 is not a port/,
    );
    expect(await a.runCommands('iptables -R INPUT 1 -s 192.0.2.1,192.0.2.2 -j ACCEPT')).toMatch(
      /-R refuses a list of addresses/,
    );
    expect(await a.runCommands('iptables -A NOPE -j ACCEPT')).toMatch(/filter has no chain NOPE/);
    expect(s().staging.edits).toHaveLength(0);
  });

  it('a pasted rule for an interface that does not exist now is staged, and named', async () => {
    const src = new FakeSource(true, { ipv4: RULES_V4() });
    src.interfaces = async () => ['eth0', 'lo'];
    const store = createAppStore({ source: src });
    await store.getState().actions.load();
    expect(await store.getState().actions.runCommands('iptables -A INPUT -i tun0 -j ACCEPT')).toBeNull();
    expect(store.getState().notice).toBe(
      'staged 1 edit(s) from 1 line(s): c reviews them, u takes them all back. ' +
        'Note: -i tun0: there is no interface tun0 here now (allowed: it may appear later; there are eth0, lo)',
    );
  });

  it('-D with a rule deletes the rule iptables would find (its canonical text matches what was typed)', async () => {
    const { a, s } = await open();
    expect(
      await a.runCommands('iptables -D TCP -p tcp --dport 22 -m comment --comment "ssh from the office" -j ACCEPT'),
    ).toBeNull();
    expect(rules(s(), 'ipv4/filter', 'TCP')).toEqual(['-p tcp -m multiport --dports 80,443 -j WEB']);
  });
});
