/** The hottest rules (H) at 80x24, fed by real counter polls: sorted by packets/s or bytes/s, sparklines, Enter. */
import { describe, expect, it } from 'vitest';
import { FakeSource } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

/** A table whose SSH rule moves by `ssh` packets of 60 bytes and web rule by `web` packets of 1500 bytes. */
const rules = (ssh: number, web: number) => `*filter
:INPUT ACCEPT [${ssh}:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
[${ssh}:${ssh * 60}] -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
[0:0] -A INPUT -p udp -m udp --dport 53 -j ACCEPT
[${web}:${web * 1500}] -A INPUT -p tcp -m tcp --dport 443 -j ACCEPT
COMMIT
`;

async function polled() {
  const source = new FakeSource(true, { ipv4: rules(0, 0) });
  const r = await renderApp(source);
  // Three polls (the first measures no rate): SSH sends many small packets, the web rule few big ones; DNS none.
  for (const [ssh, web] of [
    [100, 10],
    [300, 30],
    [600, 50],
  ]) {
    await new Promise((ok) => setTimeout(ok, 20));
    source.set('ipv4', rules(ssh!, web!));
    await r.store.getState().actions.refresh();
  }
  return r;
}

describe('the hottest rules', () => {
  it('H lists the rules with traffic, hottest first by packets/s, with sparklines; idle rules left out', async () => {
    const r = await polled();
    // The selected rule's own sparkline, in the chain line.
    // Until a minute is measured, the rate says over how long it is (the same rate as H's).
    const line = await r.waitFor((f) => f.includes('measured 1 s'), "the selected rule's sparkline");
    expect(line.replace(/\s+/g, ' ')).toMatch(/rule 1\/3 · measured 1 s █ \d+(\.\d)?K? pkt\/s/);
    const frame = await r.press('H', (f) => f.includes('Hottest rules of filter'), 'the panel');
    expect(frame.replace(/\s+/g, ' ')).toContain('by packets/s over the 1 s measured: 3 with traffic');
    // The policy's packets (those no rule decided) are named as such.
    expect(frame).toMatch(/pkt\/s +0 B\/s {2}INPUT policy ACCEPT/);
    const lines = frame.split('\n');
    const ssh = lines.findIndex((l) => l.includes('INPUT 1  -p tcp -m tcp --dport 22 -j ACCEPT'));
    const web = lines.findIndex((l) => l.includes('INPUT 3  -p tcp -m tcp --dport 443'));
    expect(ssh, frame).toBeGreaterThan(0);
    expect(web, frame).toBeGreaterThan(ssh);
    expect(frame).not.toContain('--dport 53');
    // 12 slices of 5 s: the three polls fall in the last one, the rest of the minute was not measured.
    expect(lines[ssh]).toMatch(/^ {11}█ +\d+ pkt\/s +\d+(\.\d)?K? B\/s {2}INPUT 1 /);
    r.view.unmount();
  });

  it('no traffic is said only over the time measured: none after poll 1, "so far" before a minute', async () => {
    // Counted before fwtui read the table: no rate.
    const source = new FakeSource(true, { ipv4: rules(50, 5) });
    const r = await renderApp(source);
    const first = await r.press('H', (f) => f.includes('Hottest rules of filter'), 'the panel');
    expect(first.replace(/\s+/g, ' ')).toContain('No rates yet');
    await r.press('\u001b', (f) => !f.includes('Hottest rules of filter'), 'closed');
    await new Promise((ok) => setTimeout(ok, 20));
    await r.store.getState().actions.refresh();
    const idle = await r.press('H', (f) => f.includes('Hottest rules of filter'), 'the panel again');
    expect(idle.replace(/\s+/g, ' ')).toContain('No rule of this table had traffic in the 1 s measured so far.');
    r.view.unmount();
  });

  it('b sorts by bytes/s; Enter goes to the rule', async () => {
    const r = await polled();
    await r.press('H', (f) => f.includes('Hottest rules of filter'), 'the panel');
    const bytes = await r.press('b', (f) => f.includes('by bytes/s over'), 'by bytes');
    const lines = bytes.split('\n');
    const web = lines.findIndex((l) => l.includes('--dport 443'));
    const ssh = lines.findIndex((l) => l.includes('--dport 22 '));
    expect(web).toBeGreaterThan(0);
    expect(ssh).toBeGreaterThan(web);
    const rule = await r.press('\r', (f) => f.includes('rule 3/3'), 'the web rule selected');
    expect(rule).not.toContain('Hottest rules');
    r.view.unmount();
  });

  it('without UTF-8 the sparkline is ASCII', async () => {
    const { glyphsFor } = await import('../../../src/ui/terminal/charset.js');
    expect(glyphsFor(false).spark.join('')).toMatch(/^[\x20-\x7e]+$/);
    expect(glyphsFor(true).spark).toContain('█');
  });
});
