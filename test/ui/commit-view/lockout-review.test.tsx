import { describe, expect, it } from 'vitest';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const ENDS_IN_REJECT = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
-A INPUT -j REJECT --reject-with icmp-port-unreachable
COMMIT
`;

/** The frame's text with the wrapping undone (lines joined by one space). */
const unwrapped = (frame: string): string =>
  frame
    .split('\n')
    .map((l) => l.trim())
    .join(' ');

describe('the lockout line of the review tells the truth', () => {
  it(
    'rules that already REJECT SSH, then p d: "already blocked ' +
      'by rule 4", not "SSH stays open", shown at 80 columns',
    async () => {
      const src = new FakeSource(true, { ipv4: ENDS_IN_REJECT });
      src.protect = async () => ({ how: 'none', sshPorts: [22], sessions: [] });
      const { press } = await renderApp(src);
      await press('p', (f) => f.includes('d DROP anyway'), 'the policy choice, with its warning');
      await press('d', (f) => f.includes('1 edit staged'), 'policy staged');
      const frame = await press('c', (f) => f.includes('Lockout check:'), 'the review with its lockout line');
      expect(frame).not.toContain('SSH stays open');
      expect(unwrapped(frame)).toContain(
        [
          'Lockout check: no SSH connection found to check (no sshd runs here):',
          'asked whether new SSH connections (port 22) can get in and be answered:',
          'SSH is already blocked by filter INPUT rule 4 of the running rules; these edits do not change that:',
          'a new SSH connection (port 22) from an arbitrary address would be rejected by filter INPUT rule 4',
          '(-A INPUT -j REJECT --reject-with icmp-port-unreachable).',
        ].join(' '),
      );
      for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    },
  );
});

describe('a rule that matches every packet', () => {
  it('a bare Enter in a new rule asks first; staged, the review names it and what it shadows', async () => {
    const src = new FakeSource(true, { ipv4: RULES_V4() });
    const { press, store } = await renderApp(src, { columns: 100, rows: 30 });
    await press('j', (f) => f.includes('rule 2/4'), 'rule 2');
    await press('i', (f) => f.includes('New rule 2 in filter INPUT'), 'the editor');
    let frame = await press('\r', (f) => f.includes('Enter again stages it'), 'the caution');
    const caution = '! this rule accepts every packet: rules 3-5 below would never be reached; Enter again stages it';
    expect(frame).toContain(caution);
    expect(store.getState().staging.edits).toHaveLength(0);
    await press('\r', (f) => f.includes('1 edit staged'), 'staged on the second Enter');
    frame = await press('c', (f) => f.includes('Review 1 staged'), 'the review');
    const named = 'IPv4 filter INPUT: new rule 2 accepts every packet: it shadows rules 3-5 (never reached)';
    expect(unwrapped(frame)).toContain(named);
  });
});

describe('p -> DROP on INPUT with no SSH accept', () => {
  const OPEN = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
COMMIT
`;

  it('the policy prompt says so and offers the fix as one key; the fixed rules keep SSH open', async () => {
    const src = new FakeSource(true, { ipv4: OPEN });
    src.protect = async () => ({ how: 'none', sshPorts: [22], sessions: [] });
    const { press, store } = await renderApp(src);
    const frame = await press('p', (f) => f.includes('DROP would cut off new SSH'), 'the warning in the policy prompt');
    expect(frame).toContain('DROP would cut off new SSH: no rule accepts port 22');
    expect(frame).toContain('filter INPUT: s accept ESTABLISHED+SSH then DROP, d DROP anyway, a ACCEPT, Esc');
    const staged = await press('s', (f) => f.includes('3 edits staged'), 'the fix staged');
    expect(staged).toContain('staged: rule 1 and rule 4 accepting ESTABLISHED and SSH, then policy DROP');
    const input = store.getState().staging.staged['ipv4/filter']?.chains.find((c) => c.name === 'INPUT');
    expect(input?.policy).toBe('DROP');
    expect(input?.rules.map((r) => r.spec)).toEqual([
      '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-i lo -j ACCEPT',
      '-p tcp -m tcp --dport 80 -j ACCEPT',
      '-p tcp -m tcp --dport 22 -j ACCEPT',
    ]);
    const review = await press('c', (f) => f.includes('Lockout check:'), 'the review');
    expect(unwrapped(review)).toContain('SSH stays open.');
    expect(review).not.toContain('LOCK YOU OUT');
  });
});
