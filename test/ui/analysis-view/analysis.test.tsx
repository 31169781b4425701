import { describe, expect, it } from 'vitest';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';
import { loadFixtures } from '../../helpers/fixtures.js';
import { renderApp } from '../../helpers/render-app.js';

const edge = loadFixtures().find((f) => f.name === 'edge-comments.v4')!;

describe('analysis in the view', () => {
  it('marks the shadowed rules of the shared edge-comments fixture and lists them under A', async () => {
    const { store, press, waitFor } = await renderApp(new FakeSource(true, { ipv4: edge.save }), {
      columns: 120,
      rows: 30,
    });
    store.setState({ chain: 'comment-tests' });
    // Rule 1 is an unconditional RETURN: every rule after it is marked ⊘ (once the analysis, run after the
    // frame, has answered), rule 1 is not.
    let frame = await waitFor(
      (f) => f.includes('Chain comment-tests') && !f.includes('checking for'),
      'the chain, checked',
    );
    const rows = frame
      .split('\n')
      .map((l) => l.split('│')[1] ?? '')
      .filter((l) => /^[ ⊘•▸] +\d+ /.test(l));
    expect(rows).toHaveLength(19);
    expect(rows[0]).toMatch(/^[ •] +1 /);
    expect(rows.slice(1).every((l) => l.startsWith('⊘'))).toBe(true);
    frame = await press('j', (f) => f.includes('rule 2/'), 'rule 2 selected');
    expect(frame).toContain('never matches: rule 1 takes its packets');
    frame = await press('A', (f) => f.includes('Shadowed and never-hit rules'), 'the analysis view');
    expect(frame).toContain(
      'comment-tests\n  rule 2 never matches: rule 1 takes all its packets first (-A comment-tests -m comment',
    );
    expect(frame).toMatch(/no hits counted: rules? [\d, -]+/);
  });

  it('T traces a packet: the verdict in the status line, the path marked, the deciding rule selected', async () => {
    const { press } = await renderApp(new FakeSource(true, { ipv4: RULES_V4() }), { columns: 120, rows: 30 });
    await press('T', (f) => f.includes('Packet (-p tcp'), 'the packet prompt');
    await press('-p tcp -s 192.0.2.9 --dport 22 -i eth0', (f) => f.includes('--dport 22 -i eth0'), 'typed');
    const frame = await press('\r', (f) => f.includes('ACCEPT by filter TCP rule 1'), 'the verdict');
    expect(frame).toContain('Chain TCP');
    expect(frame).toMatch(/▸ +1 /);
    await press('T', (f) => f.includes('trace cleared'), 'cleared');
  });

  it('T refuses what is not a packet, in the prompt', async () => {
    const { press } = await renderApp(new FakeSource(true, { ipv4: RULES_V4() }), { columns: 120, rows: 30 });
    await press('T', (f) => f.includes('Packet (-p tcp'), 'the packet prompt');
    await press('--dport 22', (f) => f.includes('--dport 22'), 'typed');
    await press('\r', (f) => f.includes('--dport needs -p tcp, udp, sctp or dccp'), 'the error');
  });
});
