/**
 * Every confirm question is shown whole at 80x24, with a long namespace name: the status takes the rows the
 * question needs (the S question's key sentence "At boot they load into the host's own firewall." included).
 */
import { describe, expect, it } from 'vitest';
import type { ConfirmAction } from '../../../src/store/app-state.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeSource } from '../../helpers/fake-source.js';
import { FIXTURE_DIR } from '../../helpers/fixtures.js';
import { renderApp } from '../../helpers/render-app.js';

const NS = 'tryout-netns-with-a-rather-long-name-77';
const TARGET = '/etc/iptables/rules.v4 and /etc/iptables/rules.v6 (netfilter-persistent)';
const squeeze = (text: string): string => text.replace(/[\s│]+/g, '');
const DIFFER = '(the running IPv4 and IPv6 rules differ from the saved ones)';
const QUESTIONS: [ConfirmAction, string][] = [
  [
    'saveHost',
    `Save the rules of network namespace ${NS} to THIS HOST's boot files ${TARGET} ${DIFFER}?` +
      " At boot they load into the host's own firewall.",
  ],
  ['save', `Save the running rules of ${NS} to ${TARGET} ${DIFFER}?`],
  [
    'quit',
    `Quit? commit 1a2b3c4d in ${NS} is not confirmed: it is reverted at 12:34:56 unless you run` +
      ` fwtui confirm --netns ${NS} before then.`,
  ],
  [
    'delete',
    `Delete DOCKER-ISOLATION-STAGE-1 rule 3 in ${NS}: -A DOCKER-ISOLATION-STAGE-1 -i br-0123456789ab` +
      ' ! -o br-0123456789ab -j DOCKER-ISOLATION-STAGE-2 (staged until you commit)?',
  ],
  ['flush', `Flush every rule of DOCKER-ISOLATION-STAGE-2 in ${NS} (42 rules, staged until you commit)?`],
  ['deleteChain', `Delete chain DOCKER-ISOLATION-STAGE-2 in ${NS} (staged until you commit)?`],
  ['discard', `Discard the 12 staged edits of ${NS} (nothing was applied)?`],
  ['zero', `Zero the counters of every rule of filter in ${NS} (the kernel's, at once, not staged)?`],
];

describe('confirm questions at 80x24 with a long namespace name', () => {
  for (const [action, question] of QUESTIONS) {
    it(`${action}: the whole question is on screen, 24 rows, none wider than 80`, async () => {
      // Docker's rules: long chain names and rule lines take the rows a question competes for.
      const ipv4 = readFileSync(join(FIXTURE_DIR, 'docker-style.v4.save'), 'utf8');
      const app = await renderApp(new FakeSource(false, { ipv4 }));
      await app.waitFor((f) => f.includes('INPUT'), 'the view');
      app.store.getState().actions.moveChain(3);
      app.store.getState().actions.moveRuleTo('last');
      app.store.setState({ overlay: { kind: 'confirm', question, action, yes: () => {} } });
      const frame = await app.waitFor((f) => f.includes('['), 'the question');
      const lines = frame.split('\n');
      expect(lines).toHaveLength(24);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
      expect(squeeze(lines.slice(-10).join('\n'))).toContain(squeeze(question));
    });
  }
});
