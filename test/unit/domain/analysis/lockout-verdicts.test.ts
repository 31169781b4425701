import { describe, expect, it } from 'vitest';
import {
  lockoutCheck,
  lockoutWarnings,
  protectedLine,
  statusText,
  type Protect,
} from '../../../../src/domain/analysis/lockout.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const rules = (lines: string[], input = 'ACCEPT', output = 'ACCEPT') =>
  parseSave(
    [
      '*filter',
      `:INPUT ${input} [0:0]`,
      ':FORWARD ACCEPT [0:0]',
      `:OUTPUT ${output} [0:0]`,
      ...lines,
      'COMMIT',
      '',
    ].join('\n'),
  );
const OPEN = rules([]);
const SESSION = {
  family: 'ipv4' as const,
  client: '10.89.0.2',
  clientPort: 5000,
  server: '10.89.0.1',
  serverPort: 2222,
};
const me: Protect = {
  how: 'own',
  sshPorts: [2222],
  sessions: [{ ...SESSION, inInterface: 'eth0' }],
  interfaces: ['eth0'],
};
const WHO = 'SSH 10.89.0.2:5000 -> 10.89.0.1:2222';
const warn = (lines: string[], protect = me, input = 'ACCEPT', output = 'ACCEPT') =>
  lockoutWarnings(rules(lines, input, output), OPEN, protect).map((w) => w.message);

describe('the packets of a protected session', () => {
  it('its next packet in: from the client port to the server port, ESTABLISHED, ACK, on its interface', () => {
    const exact = [
      '-A INPUT -s 10.89.0.2/32 -d 10.89.0.1/32 -i eth0 -p tcp -m tcp --sport 5000 --dport 2222',
      '--tcp-flags SYN,ACK,FIN,RST ACK -m conntrack --ctstate ESTABLISHED -j DROP',
    ].join(' ');
    const rule = exact.slice(3);
    expect(warn([exact])).toEqual([`${WHO}: its next packet in would be dropped by filter INPUT rule 1 (-A ${rule})`]);
  });

  it('a new connection from the same client: NEW, SYN, any client port', () => {
    const syn =
      '-A INPUT -s 10.89.0.2/32 -d 10.89.0.1/32 -i eth0 -p tcp -m tcp --dport 2222 --syn ' +
      '-m state --state NEW -j REJECT';
    expect(warn([syn])).toEqual([
      `${WHO}: a new SSH connection from the same client would be rejected by filter INPUT rule 1 (${syn})`,
    ]);
    // The client port of a new connection is not known.
    const port = '-A INPUT -p tcp -m tcp --sport 5000 -m state --state NEW -j DROP';
    expect(warn([port])).toEqual([
      `${WHO}: a new SSH connection from the same client is not certain to pass: uncertain at filter INPUT rule 1 ` +
        '(--sport 5000 (the port was not given)): could be ACCEPT or DROP',
    ]);
  });

  it('the replies: out of the interface it came in on, from the server port to the client port', () => {
    const reply = [
      '-A OUTPUT -s 10.89.0.1/32 -d 10.89.0.2/32 -o eth0 -p tcp -m tcp --sport 2222 --dport 5000',
      '--tcp-flags SYN,ACK ACK -m conntrack --ctstate ESTABLISHED -j REJECT',
    ].join(' ');
    expect(warn([reply])).toEqual([
      `${WHO}: the replies going out would be rejected by filter OUTPUT rule 1 (${reply})`,
    ]);
    // A reply never comes in on an interface.
    expect(warn(['-A OUTPUT -i eth0 -j DROP'])).toEqual([]);
    expect(warn(['-A INPUT -o eth0 -j DROP'])).toEqual([]);
  });

  it('a policy that drops names the policy, with no rule', () => {
    expect(warn(['-A INPUT -p tcp -m tcp --dport 2222 --syn -j ACCEPT'], me, 'DROP')).toEqual([
      `${WHO}: its next packet in would be dropped by the policy of filter INPUT (DROP)`,
    ]);
  });

  it("sessions of the other family are not this ruleset's business", () => {
    const v6: Protect = {
      ...me,
      sessions: [{ ...me.sessions[0]!, family: 'ipv6', client: 'fd00::2', server: 'fd00::1' }],
    };
    expect(
      lockoutCheck(rules(['-A INPUT -p tcp -m tcp --dport 2222 -j ACCEPT', '-A INPUT -j DROP']), OPEN, v6).warnings,
    ).toEqual([]);
  });

  it('warns again when the same packet is now stopped by another rule, or now uncertain for another reason', () => {
    const live = rules(['-A INPUT -s 10.89.0.2/32 -j DROP']);
    const staged = rules(['-A INPUT -p udp -j ACCEPT', '-A INPUT -s 10.89.0.0/24 -j DROP']);
    expect(lockoutWarnings(staged, live, me)).toHaveLength(2);
    expect(lockoutWarnings(live, live, me)).toEqual([]);
    const limited = rules(['-A INPUT -m limit --limit 1/s -j DROP']);
    const recent = rules(['-A INPUT -m recent --rcheck -j DROP']);
    expect(lockoutWarnings(recent, limited, me)).toHaveLength(2);
    expect(lockoutWarnings(limited, limited, me)).toEqual([]);
    // Another rule with the same reason is another answer.
    const faster = rules(['-A INPUT -m limit --limit 2/s -j DROP']);
    expect(lockoutWarnings(faster, limited, me)).toHaveLength(2);
  });

  it('warns about a packet handed to a program, and again when another program gets it', () => {
    const queue = rules(['-A INPUT -j QUEUE']);
    const nfqueue = rules(['-A INPUT -j NFQUEUE --queue-num 1']);
    expect(lockoutWarnings(queue, OPEN, me).map((w) => w.message)[0]).toBe(
      `${WHO}: its next packet in is not certain to pass: ` +
        'uncertain: QUEUE at filter INPUT rule 1 hands the packet to a program, which decides',
    );
    expect(lockoutWarnings(queue, queue, me)).toEqual([]);
    expect(lockoutWarnings(nfqueue, queue, me)).toHaveLength(2);
  });

  it('a session of the other family is not checked here: the static question is asked instead', () => {
    const v6: Protect = {
      ...me,
      sessions: [{ ...me.sessions[0]!, family: 'ipv6', client: 'fd00::2', server: 'fd00::1' }],
    };
    expect(lockoutWarnings(rules(['-A INPUT -i eth0 -p tcp -m tcp --sport 5000 -j DROP']), OPEN, v6)).toEqual([]);
  });

  it('with a session that gets in, the status is open even when arbitrary clients are uncertain', () => {
    const onlyMe = rules(['-A INPUT -s 10.89.0.2/32 -j ACCEPT'], 'DROP');
    expect(lockoutCheck(onlyMe, OPEN, me)).toEqual({ warnings: [], status: { kind: 'open' } });
  });

  it('with a session, its packets are the status; already blocked is said so', () => {
    const drop = rules(['-A INPUT -s 10.89.0.2/32 -j DROP']);
    expect(statusText(lockoutCheck(drop, drop, me).status)).toBe(
      'SSH is already blocked by filter INPUT rule 1 of the running rules; these edits do not change that: ' +
        `${WHO}: its next packet in would be dropped by filter INPUT rule 1 (-A INPUT -s 10.89.0.2/32 -j DROP).`,
    );
    expect(lockoutCheck(OPEN, OPEN, me)).toEqual({ warnings: [], status: { kind: 'open' } });
    expect(lockoutCheck(drop, drop, me).status.kind).toBe('blocked');
    const limited = rules(['-A INPUT -m limit --limit 1/s -j DROP']);
    expect(lockoutCheck(limited, limited, me).status).toEqual({
      kind: 'uncertain',
      line:
        `uncertain: ${WHO}: its next packet in: uncertain at filter INPUT rule 1 ` +
        '(-m limit (matches only while under its rate)): could be ACCEPT or DROP',
    });
    const nobody: Protect = { how: 'none', sshPorts: [22], sessions: [], interfaces: ['eth0', 'eth1'] };
    const one = rules(['-A INPUT -i eth0 -j DROP']);
    expect(lockoutCheck(one, OPEN, nobody).status.kind).toBe('uncertain');
  });

  it('checks every sshd port it was given', () => {
    const both: Protect = { how: 'none', sshPorts: [22, 2222], sessions: [], interfaces: ['eth0'] };
    const w = lockoutWarnings(rules(['-A INPUT -p tcp -m tcp --dport 2222 -j DROP']), OPEN, both);
    expect(w).toEqual([
      {
        family: 'ipv4',
        message:
          'no new SSH connection (port 2222) can get in from anywhere on eth0: dropped by filter INPUT rule 1 ' +
          '(-A INPUT -p tcp -m tcp --dport 2222 -j DROP)',
      },
    ]);
  });
});

describe('whom the check protected, in words', () => {
  const sessions = [{ ...SESSION, inInterface: 'eth0' }];
  it('names the connections and how they were found', () => {
    const line = (how: Protect['how'], s = sessions) => protectedLine({ how, sshPorts: [22, 2222], sessions: s });
    expect(line('own')).toBe('checked your SSH connection 10.89.0.2:5000 -> 10.89.0.1:2222');
    expect(line('environment')).toBe(
      'checked your SSH connection 10.89.0.2:5000 -> 10.89.0.1:2222 (from SSH_CONNECTION)',
    );
    expect(line('all', [...sessions, { ...sessions[0]!, clientPort: 5001 }])).toBe(
      'checked every SSH connection (yours could not be told apart): ' +
        '10.89.0.2:5000 -> 10.89.0.1:2222, 10.89.0.2:5001 -> 10.89.0.1:2222',
    );
    expect(line('all', [])).toBe(
      'no SSH connection found to check: asked whether new SSH connections (port 22, 2222) can get in and be answered',
    );
    expect(line('none', [])).toBe(
      'no SSH connection found to check (no sshd runs here): ' +
        'asked whether new SSH connections (port 22, 2222) can get in and be answered',
    );
  });

  it('says the status in one sentence', () => {
    expect(statusText({ kind: 'open' })).toBe('SSH stays open.');
    expect(statusText({ kind: 'uncertain', line: 'uncertain: x' })).toBe('uncertain: x.');
    expect(statusText({ kind: 'blocked', line: 'blocked' })).toBe('blocked.');
  });
});
