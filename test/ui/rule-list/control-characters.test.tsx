/**
 * iptables takes control characters in a comment (measured: ESC, TAB). The view shows them as `\xNN`, in the rows
 * and in the selected rule's detail: a rule must not clear the admin's screen or move the cursor.
 */
import { describe, expect, it } from 'vitest';
import { FakeSource } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 22 -m comment --comment "ssh\u001b[2J\u001b[Hgone\tnow" -j ACCEPT
COMMIT
`;

describe('a comment with control characters', () => {
  for (const columns of [80, 200]) {
    it(`is shown as \\xNN, never sent to the terminal (${columns} columns)`, async () => {
      const { waitFor } = await renderApp(new FakeSource(true, { ipv4: RULES }), { columns, rows: 20 });
      const frame = await waitFor((f) => f.includes('rule 1/1'), 'the rule');
      expect(frame).not.toContain('\u001b[2J');
      expect(frame).not.toContain('\t');
      expect(frame).toContain('ssh\\x1b[2J\\x1b[Hgone\\x09now');
    });
  }
});
