import { describe, expect, it } from 'vitest';
import { outsideChange, ruleStart } from '../../../../src/domain/diff/outside-change.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { outsideChangeNotice } from '../../../../src/store/live-updates-slice.js';

const table = (rules: string) =>
  parseSave(`*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${rules}COMMIT\n`).tables[0]!;
const BEFORE = table('-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n');
const writer = [{ id: 9, pid: 20483, program: 'iptables', changes: [] }];
const at = new Date(2026, 10, 30, 17, 57, 39).getTime();
const notice = (after: ReturnType<typeof table>) =>
  outsideChangeNotice('filter', outsideChange(BEFORE, after), writer, at);

describe('the notice of another program’s change names what changed', () => {
  it('one rule added: its chain, number and the start of its text', () => {
    const after = table(
      '-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT\n' +
        '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n',
    );
    expect(notice(after)).toBe(
      'another program changed filter INPUT at 17:57:39: rule INPUT #2 added: -p tcp -m tcp --dport 80 -j ACCEPT ' +
        '(written by iptables pid 20483)',
    );
  });

  it('one rule removed: its number before', () => {
    expect(notice(table('-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n'))).toBe(
      'another program changed filter INPUT at 17:57:39: rule INPUT #1 removed: -i lo -j ACCEPT ' +
        '(written by iptables pid 20483)',
    );
  });

  it('a chain created with rules: chains listed with commas, the new chain named', () => {
    const after = parseSave(
      '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:TRY20 - [0:0]\n' +
        '-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n-A INPUT -j TRY20\n' +
        '-A TRY20 -s 192.0.2.1/32 -j DROP\nCOMMIT\n',
    ).tables[0]!;
    expect(notice(after)).toBe(
      'another program changed filter TRY20, INPUT at 17:57:39: chain TRY20 created; 2 rule(s) added, 0 removed ' +
        '(written by iptables pid 20483)',
    );
  });

  it('cuts a long rule only between words, never inside a quoted comment, and marks the cut', () => {
    const spec =
      '-s 198.51.100.0/24 -p tcp -m tcp --dport 8443 -m comment --comment "allow the monitoring hosts" -j ACCEPT';
    expect(ruleStart(spec)).toBe('-s 198.51.100.0/24 -p tcp -m tcp --dport 8443 -m comment …');
    expect(ruleStart('-m comment --comment "a b c d e f" -j ACCEPT', 30)).toBe('-m comment --comment …');
    expect(ruleStart('-j ACCEPT')).toBe('-j ACCEPT');
  });
});
