/**
 * L: the message history. Nothing said is lost to a narrow status line, and every command run is listed with its exit
 * code.
 */
import { describe, expect, it } from 'vitest';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const source = () => new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });
const QUERY = 'no-such-rule-anywhere-in-this-table-'.repeat(3);

describe('the message history', () => {
  it(
    'a notice too long for the status line is marked ' + 'as cut, and L shows it whole, with the commands run',
    async () => {
      const { press, store, frame } = await renderApp(source());
      const a = store.getState().actions;
      a.logCommand({
        at: Date.now(),
        command: 'ip netns exec lab iptables-save -c',
        exitCode: 0,
        durationMs: 12,
        stderr: '',
      });
      a.logCommand({
        at: Date.now(),
        command: 'ip netns exec lab iptables-save -c',
        exitCode: 0,
        durationMs: 11,
        stderr: '',
      });
      a.logCommand({
        at: Date.now(),
        command: 'ip netns exec lab iptables-restore -w 5 --noflush',
        exitCode: 2,
        durationMs: 30,
        stderr: 'iptables-restore: line 3 failed',
      });
      await press('/', (f) => f.includes('/▏'), 'the search prompt');
      await press(`${QUERY}\r`, (f) => f.includes('[L: whole message]'), 'the cut notice, marked');
      const status = frame().split('\n').at(-2)!;
      expect([...status].length).toBeLessThanOrEqual(80);
      expect(status).toMatch(/^no rule in filter matches .*… \[L: whole message\]$/);

      const shown = await press('L', (f) => f.includes('Messages and commands'), 'the history');
      const text = shown
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n');
      const unwrapped = text.replace(/\n {9}(?!!)/g, ' ');
      // The command polled twice is one line that counts; the failed one has its exit code and stderr.
      expect(unwrapped).toMatch(
        /\d\d:\d\d:\d\d \$ ip netns exec lab iptables-save -c {2}\[exit 0, 11 ms, 2 times since \d\d:\d\d:\d\d\]/,
      );
      expect(text).toMatch(/\$ ip netns exec lab iptables-restore -w 5 --noflush {2}\[exit 2, 30 ms\]\n/);
      expect(text).toMatch(/\[exit 2, 30 ms\]\n +! iptables-restore: line 3 failed/);
      // The notice, whole: wrapped over lines, no character lost.
      // (A word longer than the line is broken hard: compare without the wrapping's white space.)
      expect(text.replace(/\s+/g, '')).toContain(`norule in filter matches "${QUERY}"`.replace(/\s+/g, ''));
      await press('\x1b', (f) => !f.includes('Messages and commands'), 'back');
    },
  );

  it('is listed in help', async () => {
    const { press } = await renderApp(source());
    let frame = await press('?', (f) => f.includes('Keys ('), 'help');
    if (!/L +log: messages, commands/.test(frame)) frame = await press(' ', (f) => f.includes('page 2'), 'page 2');
    expect(frame).toMatch(/L +log: messages, commands/);
  });
});

describe('nothing cut in the review', () => {
  const COMMENT = 'allow the monitoring host of the operations team to reach the metrics endpoint over TLS only';
  const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -s 198.51.100.23/32 -p tcp -m tcp --dport 8443 -m comment --comment "${COMMENT}" -j ACCEPT
COMMIT
`;
  it('a rule longer than the screen is wrapped in the diff, not cut', async () => {
    const { press } = await renderApp(new FakeSource(true, { ipv4: RULES }));
    await press('j', (f) => f.includes('rule 2/2'), 'rule 2');
    await press('K', (f) => f.includes('1 edit staged'), 'the move');
    const frame = await press('c', (f) => f.includes('Review 1 staged edit'), 'the review');
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    const rule = `-A INPUT -s 198.51.100.23/32 -p tcp -m tcp --dport 8443 -m comment --comment "${COMMENT}" -j ACCEPT`;
    const text = frame
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n');
    // Continuation lines: two spaces, after the line's own + or - when it has one.
    expect(text.replace(/\n[-+]? {2}(?=\S)/g, ' ')).toContain(rule);
    expect(text.slice(0, text.indexOf('y/Enter apply'))).not.toContain('…');
  });
});

describe('a header too long for the screen', () => {
  it('keeps the staged edits and the warning in short words, and L shows it whole', async () => {
    const { press, store, waitFor } = await renderApp(source());
    await press('J', (f) => f.includes('1 edit staged'), 'a staged edit');
    store.setState({ drifted: true });
    const frame = await waitFor((f) => f.split('\n')[0]!.includes('live rules changed!'), 'the warning');
    expect(frame.split('\n')[0]!).toContain(' 1 edit staged live rules changed!');
    expect([...frame.split('\n')[0]!].length).toBeLessThanOrEqual(80);
    const shown = await press('L', (f) => f.includes('Messages and commands'), 'the history');
    const header = shown
      .split('\n')
      .slice(2, 4)
      .map((l) => l.trimEnd())
      .join(' ');
    expect(header).toBe('Header: fwtui testhost nft IPv4  filter  nat  1 edit staged (c commits) live rules changed!');
  });
});

describe('a chain name too long for the chain list', () => {
  it('is marked as cut in the list and named whole on the chain line when selected', async () => {
    const NAME = 'f2b-sshd-very-long-name-x28';
    const RULES =
      `*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:${NAME} - [0:0]\n` +
      `-A INPUT -p tcp -m tcp --dport 22 -j ${NAME}\n-A ${NAME} -s 192.0.2.7/32 -j DROP\nCOMMIT\n`;
    const { press } = await renderApp(new FakeSource(true, { ipv4: RULES }));
    const frame = await press('\r', (f) => f.includes(`Chain ${NAME}:`), 'the jumped-to chain');
    const listed = frame.split('\n').find((l) => l.includes('f2b-'))!;
    expect(listed).toMatch(/f2b-[^│]*…/);
    expect(frame).toContain(`Chain ${NAME}: user-defined`);
  });
});

describe("the log's count line", () => {
  it('says "1 message" and "1 command run" in the singular (h21: "1 messages")', async () => {
    const { press, store } = await renderApp(source());
    store.setState({ history: [] });
    store
      .getState()
      .actions.logCommand({ at: Date.now(), command: 'iptables-save', exitCode: 0, durationMs: 1, stderr: '' });
    store.setState({ notice: 'one thing said' });
    const frame = await press('L', (f) => f.includes('Messages and commands'), 'the history');
    expect(frame).toContain('Messages and commands: 1 message, 1 command run');
  });
});
