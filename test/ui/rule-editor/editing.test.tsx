import { describe, expect, it } from 'vitest';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const source = (live = true) => new FakeSource(live, { ipv4: RULES_V4(), ipv6: RULES_V6 });
const rows = (frame: string): string[] => frame.split('\n');
const DOWN = '\u001b[B';
const CTRL_T = '\u0014';

describe('editing in the view', () => {
  it('moves a rule with K, marks it, commits with c and y', async () => {
    const src = source();
    const { press, store } = await renderApp(src);
    await press('jj', (f) => f.includes('rule 3/4'), 'rule 3');
    let frame = await press('K', (f) => f.includes('1 edit staged'), 'the staged edit');
    // The moved rule is now 2 and marked; the chain is marked too.
    expect(rows(frame).find((l) => l.includes('↕'))).toMatch(/↕ +2 .*TCP/);
    expect(rows(frame)[2]).toMatch(/^~INPUT/);
    frame = await press('c', (f) => f.includes('Review 1 staged edit(s)'), 'the commit view');
    expect(frame).toContain('IPv4 filter INPUT: rule 3 moved to 2');
    expect(frame).toContain('--- live    IPv4 filter');
    expect(frame).toMatch(/^[-+]-A INPUT -i lo -j ACCEPT$/m);
    frame = await press('y', (f) => f.includes('1 edit(s) applied'), 'the applied notice');
    expect(src.commits).toHaveLength(1);
    expect(store.getState().staging.edits).toHaveLength(0);
    expect(frame).not.toContain('↕');
  });

  it('undo, redo and discard', async () => {
    const { press } = await renderApp(source());
    await press('j', (f) => f.includes('rule 2/4'), 'rule 2');
    await press('J', (f) => f.includes('1 edit staged'), 'a move');
    await press('u', (f) => f.includes('undone: move rule 2 of INPUT to 3') && !f.includes('staged ('), 'undone');
    await press(
      '\u0012',
      (f) => f.includes('redone: move rule 2 of INPUT to 3') && f.includes('1 edit staged'),
      'redone',
    );
    await press('q', (f) => f.includes('Quit? 1 staged edit is not applied and will be lost.'), 'quit asks first');
    await press('n', (f) => !f.includes('Quit?'), 'stayed');
    await press('U', (f) => f.includes('Discard all 1 staged edit(s)?'), 'the question');
    await press('y', (f) => f.includes('discarded 1 staged edit(s)') && !f.includes('edit staged'), 'discarded');
  });

  it('deleting asks, then shows the deleted rule struck through in its old place', async () => {
    const { press } = await renderApp(source());
    await press('j', (f) => f.includes('rule 2/4'), 'rule 2');
    await press(
      'd',
      (f) => f.includes('[y/Enter yes, n/Esc no] Delete INPUT rule 2: -i lo -j ACCEPT?'),
      'the question',
    );
    const frame = await press('y', (f) => f.includes('1 edit staged'), 'staged delete');
    // The ghost row: no number, struck through, its place kept.
    expect(rows(frame).find((l) => l.includes('│-'))).toMatch(/│- +- +1 .*ACCEPT/);
  });

  it('a deleted last rule stays above a rule appended after it, as the kernel will have them', async () => {
    const { press } = await renderApp(source());
    await press('G', (f) => f.includes('rule 4/4'), 'the last rule');
    await press('d', (f) => f.includes('Delete INPUT rule 4'), 'the question');
    await press('y', (f) => f.includes('1 edit staged'), 'staged delete');
    await press('a', (f) => f.includes('New rule 4 in filter INPUT'), 'the editor');
    await press(CTRL_T, (f) => f.includes('raw arguments (Ctrl-T: form)'), 'raw');
    await press(
      '\u0015-p tcp --dport 8080 -j ACCEPT',
      (f) => f.includes('-A INPUT -p tcp --dport 8080 -j ACCEPT'),
      'typed',
    );
    const frame = await press('\r', (f) => f.includes('2 edits staged'), 'the new rule staged');
    const marked = rows(frame)
      .filter((l) => /│[-+]/.test(l))
      .map((l) => l.slice(l.indexOf('│') + 1));
    expect(marked, frame).toHaveLength(2);
    expect(marked[0]).toMatch(/^- /);
    expect(marked[1]).toMatch(/^\+ +4 .*dpt:8080/);
  });

  it('the editor: form fields, raw mode and back, inline errors, completion, kernel check', async () => {
    const src = source();
    const { press } = await renderApp(src, { columns: 100, rows: 30 });
    let frame = await press('i', (f) => f.includes('New rule 1 in filter INPUT (IPv4)'), 'the editor');
    expect(frame).toMatch(/> protocol/);
    await press('tcp', (f) => f.includes('-A INPUT -p tcp -j ACCEPT'), 'protocol typed');
    await press(DOWN, (f) => f.includes('> source'), 'the source field');
    frame = await press(
      '2001:db8::1',
      (f) => f.includes('source: 2001:db8::1 is an IPv6 address in an IPv4 rule'),
      'the family error',
    );
    await press('\u0015', (f) => !f.includes('IPv6 address'), 'field cleared');
    await press('203.0.113.7', (f) => f.includes('-s 203.0.113.7'), 'the address');
    for (let i = 0; i < 5; i++) await press(DOWN, () => true, 'down');
    await press('', (f) => f.includes('> dest port'), 'dest port');
    await press('5432', (f) => f.includes('--dport 5432'), 'the port');
    frame = await press('', (f) => f.includes('✓ iptables accepts this rule'), 'the kernel check');
    expect(src.checked.at(-1)).toBe('ipv4 filter INPUT -s 203.0.113.7 -p tcp -m tcp --dport 5432 -j ACCEPT');
    // Raw mode carries every word across, and back.
    frame = await press(CTRL_T, (f) => f.includes('raw arguments (Ctrl-T: form)'), 'raw mode');
    expect(frame).toContain('-s 203.0.113.7 -p tcp -m tcp --dport 5432 -j ACCEPT▏');
    await press(`${'\u007f'.repeat(6)}W`, (f) => f.includes('--dport 5432 -j W▏'), 'a partial target');
    frame = await press('\t', (f) => f.includes('-j WEB▏'), 'completed to the only chain');
    frame = await press(' -j NOPE', (f) => f.includes('a rule has one target'), 'two targets');
    await press('\u007f'.repeat(8), (f) => f.includes('-j WEB▏'), 'erased');
    frame = await press(CTRL_T, (f) => f.includes('> protocol'), 'the form again');
    expect(frame).toMatch(/target +WEB/);
    // A rule the kernel refuses cannot be staged.
    src.kernelSays = 'unknown option "--dport"';
    await press(DOWN, (f) => f.includes('> source'), 'the source field');
    await press('\u007f8', (f) => f.includes('✗ iptables: unknown option "--dport"'), 'the kernel refusal');
    await press('\r', (f) => f.includes('iptables refuses this rule'), 'refused to stage');
    src.kernelSays = null;
    await press('\u007f9\u007f8', (f) => f.includes('✓ iptables accepts'), 'accepted');
    frame = await press('\r', (f) => f.includes('1 edit staged'), 'staged');
    expect(rows(frame).find((l) => l.includes('+'))).toMatch(/\+ +1 .*WEB .*203\.0\.113\.8/);
  });

  it('Tab lists several completions; Enter on a non-jump rule edits it; Esc leaves nothing staged', async () => {
    const { press } = await renderApp(source(), { columns: 100, rows: 30 });
    await press('j', (f) => f.includes('rule 2/4'), 'rule 2');
    let frame = await press('\r', (f) => f.includes('Edit rule 2 in filter INPUT'), 'the editor on Enter');
    expect(frame).toMatch(/in interface +lo/);
    for (let i = 0; i < 11; i++) await press(DOWN, () => true, 'down');
    await press('', (f) => f.includes('> target'), 'the target field');
    await press('\u0015', (f) => !/target +ACCEPT/.test(f), 'cleared');
    frame = await press('\t', (f) => f.includes('Tab: ACCEPT DROP REJECT LOG RETURN TCP WEB'), 'all targets listed');
    await press('R\t', (f) => f.includes('Tab: REJECT RETURN REDIRECT'), 'two starting with RE');
    frame = await press(
      'J\t',
      (f) => f.includes('  reject with') && f.includes('-j REJECT'),
      'REJECT fills in and its field appears',
    );
    await press('\u001b', (f) => !f.includes('Edit rule'), 'closed');
    expect(frame).not.toContain('staged');
  });

  it(
    'an address list shows the rules iptables will make, ' + 'stages them in the kernel order, and undoes as one',
    async () => {
      const { press, store } = await renderApp(source(), { columns: 120, rows: 30 });
      await press('j', (f) => f.includes('rule 2/4'), 'rule 2');
      await press('i', (f) => f.includes('New rule 2 in filter INPUT'), 'the editor');
      await press(CTRL_T, (f) => f.includes('raw arguments (Ctrl-T: form)'), 'raw mode');
      await press('\u0015', () => true, 'cleared');
      let frame = await press(
        '-s 192.0.2.1,192.0.2.2,192.0.2.3 -j DROP',
        (f) => f.includes('iptables makes 3 rules, one per address'),
        'the expansion',
      );
      expect(
        frame
          .split('\n')
          .filter((l) => l.includes('-A INPUT -s'))
          .map((l) => l.trim()),
      ).toEqual(['-A INPUT -s 192.0.2.3 -j DROP', '-A INPUT -s 192.0.2.2 -j DROP', '-A INPUT -s 192.0.2.1 -j DROP']);
      frame = await press('\r', (f) => f.includes('3 edits staged'), 'three rules staged');
      expect(
        store
          .getState()
          .staging.staged['ipv4/filter']!.chains[0]!.rules.slice(1, 4)
          .map((r) => r.spec),
      ).toEqual(['-s 192.0.2.3 -j DROP', '-s 192.0.2.2 -j DROP', '-s 192.0.2.1 -j DROP']);
      await press(
        'u',
        (f) => f.includes('undone: insert rule 2 in INPUT and 2 more staged with it') && !f.includes('edits staged'),
        'one undo',
      );
      await press('\u0012', (f) => f.includes('3 edits staged'), 'one redo');
    },
  );

  it(
    ': takes pasted iptables commands (line breaks in a paste ' +
      'are not Enter) and stages them; a bad line stages nothing',
    async () => {
      const { press, store } = await renderApp(source(), { columns: 120, rows: 30 });
      await press(':', (f) => f.includes('iptables command(s):'), 'the prompt');
      await press(
        'sudo iptables -A INPUT -p tcp --dport 8080 -j ACCEPT\riptables -D INPUT 9\r',
        (f) => f.includes('[2 lines; Enter stages them]'),
        'two lines',
      );
      await press('\r', (f) => f.includes('line 2 (iptables -D INPUT 9): INPUT has no rule 9'), 'the bad line named');
      expect(store.getState().staging.edits).toHaveLength(0);
      await press('\u001b', (f) => !f.includes('iptables command(s):'), 'closed');
      await press(':', (f) => f.includes('iptables command(s):'), 'the prompt again');
      await press(
        'iptables -A INPUT -p tcp --dport 8080 -j ACCEPT\niptables -N LOGDROP\n',
        (f) => f.includes('[2 lines'),
        'pasted',
      );
      const frame = await press('\r', (f) => f.includes('2 edits staged'), 'staged');
      expect(frame).toContain('staged 2 edit(s) from 2 line(s)');
      expect(store.getState().staging.edits.map((e) => e.edit.kind)).toEqual(['insert', 'newChain']);
    },
  );

  it('chains of other programs are labelled, and an edit to one is warned', async () => {
    const { readFileSync } = await import('node:fs');
    const src = new FakeSource(true, { ipv4: readFileSync('test/fixtures/docker-style.v4.save', 'utf8') });
    const { press, frame } = await renderApp(src, { columns: 120, rows: 30 });
    expect(frame()).toMatch(/ DOCKER +Docker +6│/);
    expect(frame()).toMatch(/ DOCKER-IS…N-STAGE-1 Docker +2│/);
    expect(frame()).toMatch(/ DOCKER-USER +yours +5│/);
    expect(frame()).toMatch(/ FORWARD +DROP +2│/);
    await press('\t', () => true, 'chains');
    let f = await press('jjj', (x) => /Chain DOCKER: user-defined, owned by Docker/.test(x), 'the DOCKER chain');
    await press('\t', () => true, 'rules');
    f = await press('a', (x) => x.includes('New rule'), 'the editor');
    expect(f).toContain('! DOCKER belongs to Docker: Docker rewrites this chain when it restarts');
    await press(CTRL_T, (x) => x.includes('raw arguments'), 'raw');
    await press('\u0015-s 192.0.2.9 -j DROP', (x) => x.includes('-A DOCKER -s 192.0.2.9 -j DROP'), 'typed');
    f = await press('\r', (x) => x.includes('1 edit staged'), 'staged');
    expect(f).toContain('DOCKER belongs to Docker');
  });

  it('Tab completes interfaces that exist; one that does not is allowed but named', async () => {
    const src = source();
    src.interfaces = async () => ['eth0', 'lo', 'wg0'];
    const { press } = await renderApp(src, { columns: 140, rows: 30 });
    await press('i', (f) => f.includes('New rule 1'), 'the editor');
    for (let i = 0; i < 3; i++) await press(DOWN, () => true, 'down');
    await press('', (f) => f.includes('> in interface'), 'the in interface field');
    await press('w\t', (f) => f.includes('-i wg0'), 'wg0 completed');
    await press(DOWN, (f) => f.includes('> out interface'), 'the out interface field');
    let frame = await press('\t', (f) => f.includes('Tab: eth0 lo wg0'), 'every interface listed');
    frame = await press(
      'tun7',
      (f) => f.includes('-o tun7: there is no interface tun7 here now (allowed: it may appear later'),
      'the warning',
    );
    expect(frame).not.toMatch(/✗/);
    frame = await press('\r', (f) => f.includes('1 edit staged'), 'staged anyway');
    expect(frame).toContain('-o tun7: there is no interface tun7 here now');
  });

  it('edit rule 8, then delete rule 7 (--file): each mark is on its own rule, in the list and the review', async () => {
    const { readFileSync } = await import('node:fs');
    const src = new FakeSource(false, { ipv4: readFileSync('test/fixtures/tutorial-webserver.v4.save', 'utf8') });
    const { press } = await renderApp(src, { columns: 140, rows: 30 });
    await press('jjjjjjj', (f) => f.includes('rule 8/9'), 'rule 8 (LOG)');
    await press('e', (f) => f.includes('Edit rule 8 in filter INPUT'), 'the editor');
    await press(CTRL_T, (f) => f.includes('raw arguments (Ctrl-T: form)'), 'raw');
    await press(
      '\u0015-p tcp --dport 8080 -j ACCEPT',
      (f) => f.includes('-A INPUT -p tcp --dport 8080 -j ACCEPT'),
      'typed',
    );
    await press('\r', (f) => f.includes('1 edit staged'), 'the change staged');
    await press('k', (f) => f.includes('rule 7/9'), 'rule 7');
    await press(
      'd',
      (f) => f.includes('Delete INPUT rule 7: -m state --state RELATED,ESTABLISHED -j ACCEPT?'),
      'the question',
    );
    let frame = await press('y', (f) => f.includes('2 edits staged'), 'the delete staged');
    const marked = frame
      .split('\n')
      .filter((l) => l.includes('│'))
      .map((l) => l.slice(l.indexOf('│') + 1))
      .filter((l) => /^[-~+]/.test(l));
    expect(marked, frame).toHaveLength(2);
    expect(marked[0]).toMatch(/^- .*RELATED,ESTABLISHED/);
    expect(marked[1]).toMatch(/^~ .*dpt:8080/);
    frame = await press('w', (f) => f.includes('Review 2 staged edit(s)'), 'the review');
    expect(frame).toContain('rule 8 changed (now 7): -p tcp --dport 8080 -j ACCEPT');
    expect(frame).toContain('rule 7 deleted: -m state --state RELATED,ESTABLISHED -j ACCEPT');
  });

  it('policy, new chain and refusals are plain words', async () => {
    const { press } = await renderApp(source());
    await press('p', (f) => f.includes('Policy of filter INPUT: a ACCEPT, d DROP'), 'the policy choice');
    await press('a', (f) => f.includes('1 edit staged'), 'policy staged');
    await press('N', (f) => f.includes('New chain in filter:'), 'the name prompt');
    await press('TCP\r', (f) => f.includes('filter already has a chain TCP'), 'refused name');
    await press(
      '\u007f\u007f\u007fLOGDROP\r',
      (f) => f.includes('2 edits staged') && f.includes('Chain LOGDROP'),
      'new chain',
    );
    await press('p', (f) => f.includes('LOGDROP is a user chain: it has no policy'), 'no policy for a user chain');
    await press('X', (f) => f.includes('Delete chain LOGDROP?'), 'delete asks');
    await press('n', (f) => !f.includes('Delete chain'), 'kept');
    await press('\t\u001b[B', (f) => f.includes('Chain TCP'), 'TCP chain via the list');
  });
});

describe('a refused commit in the view', () => {
  it('shows every sentence of the failure, none cut off at 80 columns', async () => {
    const src = source();
    const { press } = await renderApp(src);
    await press('J', (f) => f.includes('1 edit staged'), 'a move');
    src.failCommit =
      "IPv4 nat was refused by iptables: Couldn't load target `REJECT':No such file or directory " +
      '(in: -I POSTROUTING 1 -j REJECT). IPv4 filter put back as it was.';
    await press('c', (f) => f.includes('Review 1 staged'), 'the review');
    const frame = await press('y', (f) => f.includes('IPv4 filter put back as it was.'), 'the failure');
    expect(frame).toMatch(/^IPv4 filter put back as it was\.$/m);
    expect(frame).toContain('Review 1 staged edit(s)');
  });
});
