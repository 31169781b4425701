/** The exposure view (E) at 80x24: entries, the deciding rule whole, the fix staged and what it changes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExposureReport } from '../../../src/domain/exposure/exposure-entry.js';
import { fakeExposure } from '../../helpers/exposure-fake.js';
import { FakeSource } from '../../helpers/fake-source.js';
import { FIXTURE_DIR } from '../../helpers/fixtures.js';
import { renderApp } from '../../helpers/render-app.js';

const DOCKER = readFileSync(join(FIXTURE_DIR, 'docker-style.v4.save'), 'utf8');
const PLAIN = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';
const DOCKER_RULE = '-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT';

const REPORT: ExposureReport = {
  family: 'ipv4',
  interfaces: ['eth0'],
  entries: [
    {
      proto: 'tcp',
      port: 8080,
      bind: null,
      interface: 'eth0',
      via: 'dnat',
      to: '172.17.0.2:80',
      process: 'docker-proxy',
      verdict: 'open',
      from: ['0.0.0.0/0'],
      decided_by: { table: 'filter', chain: 'DOCKER', num: 1, rule: DOCKER_RULE },
      reason: null,
    },
    {
      proto: 'tcp',
      port: 22,
      bind: '0.0.0.0',
      interface: 'eth0',
      via: 'local',
      to: null,
      process: 'sshd',
      verdict: 'filtered',
      from: [],
      decided_by: { policy: 'INPUT' },
      reason: null,
    },
  ],
};

async function app(rules = DOCKER, report: ExposureReport = REPORT) {
  const source = new FakeSource(true, { ipv4: rules });
  source.exposure = fakeExposure(report);
  return { source, ...(await renderApp(source)) };
}

const oneLine = (frame: string): string => frame.replace(/\s*\n\s*/g, ' ');

describe('the exposure view', () => {
  it('E lists each port with its verdict, where DNAT sends it and what decides; the selected rule whole', async () => {
    const r = await app();
    const frame = await r.press('E', (f) => f.includes('What the internet can reach: IPv4 on eth0'), 'the view');
    expect(frame).toContain('tcp/8080   eth0     open · DNAT to 172.17.0.2:80 (docker-proxy) · filter DOCKER');
    expect(frame).toContain('tcp/22     eth0     filtered · local (sshd) · INPUT policy');
    // Cut in its row, whole below.
    expect(oneLine(frame)).toContain(`decided by ${DOCKER_RULE} (filter DOCKER rule 1)`);
    const back = await r.press('\u001b', (f) => !f.includes('What the internet can reach'), 'the rules again');
    expect(back).toContain('INPUT');
    r.view.unmount();
  });

  it('f stages the DOCKER-USER rule by the original port; the entry then reads filtered after the edits', async () => {
    const r = await app();
    await r.press('E', (f) => f.includes('tcp/8080'), 'the view');
    await r.press('f', (f) => f.includes('keep allowed from'), 'the allowed-source prompt');
    const after = await r.press('\r', (f) => f.includes('after your edits'), 'the entry after the edits');
    expect(after).toContain('open  → filtered after your edits');
    expect(after).toContain('staged: tcp/8080 on eth0 dropped first in DOCKER-USER; c reviews');
    expect(oneLine(after)).toContain(
      'after your edits: filtered, decided by -A DOCKER-USER -i eth0 -p tcp -m conntrack --ctorigdstport 8080 ' +
        '--ctdir ORIGINAL -j DROP',
    );
    const staged = r.store.getState().staging.edits.map((e) => [e.family, e.table, e.edit]);
    expect(staged).toEqual([
      [
        'ipv4',
        'filter',
        expect.objectContaining({
          kind: 'insert',
          chain: 'DOCKER-USER',
          at: 0,
          spec: '-i eth0 -p tcp -m conntrack --ctorigdstport 8080 --ctdir ORIGINAL -j DROP',
        }),
      ],
    ]);
    // Through the normal review: c opens it, y applies the one rule.
    await r.press('c', (f) => !f.includes('What the internet can reach'), 'the review');
    expect(r.store.getState().overlay?.kind).toBe('commit');
    await r.press('y', () => r.store.getState().staging.edits.length === 0, 'the commit applied');
    expect(r.source.commits.flat().map((p) => p.table)).toEqual(['filter']);
    // Opened again, the view reads the rules as applied: filtered by the new rule.
    const now = await r.press('E', (f) => f.includes('tcp/8080   eth0     filtered'), 'the view on the new rules');
    expect(now).toContain('filter DOCKER-USER rule 1');
    expect(now).not.toContain('after your edits');
    r.view.unmount();
  });

  it('keeps one typed network allowed; a list or a name is refused in the prompt and nothing is staged', async () => {
    const r = await app();
    await r.press('E', (f) => f.includes('tcp/8080'), 'the view');
    await r.press('f', (f) => f.includes('keep allowed from'), 'the prompt');
    const refused = await r.press('10.0.0.0/8,192.0.2.1\r', (f) => f.includes('one network only'), 'the refusal');
    expect(refused).toContain('keep allowed from');
    expect(r.store.getState().staging.edits).toHaveLength(0);
    // Esc leaves the prompt for the view, not the rules.
    await r.press('\u001b', (f) => f.includes('What the internet can reach') && !f.includes('keep allowed'), 'view');
    await r.press('f', (f) => f.includes('keep allowed from'), 'the prompt again');
    await r.press('192.0.2.7/24\r', (f) => f.includes('after your edits'), 'staged');
    expect(r.store.getState().staging.edits[0]?.edit).toMatchObject({
      spec: '! -s 192.0.2.0/24 -i eth0 -p tcp -m conntrack --ctorigdstport 8080 --ctdir ORIGINAL -j DROP',
    });
    r.view.unmount();
  });

  it('Esc from the review or help comes back to the view; after an applied commit, to the rules', async () => {
    const r = await app();
    await r.press('E', (f) => f.includes('tcp/8080'), 'the view');
    await r.press('?', (f) => f.includes('Keys (? or Esc closes'), 'help over the view');
    await r.press('\u001b', (f) => f.includes('What the internet can reach'), 'the view again');
    await r.press('f', (f) => f.includes('keep allowed from'), 'the prompt');
    await r.press('\r', (f) => f.includes('after your edits'), 'staged');
    await r.press('c', (f) => !f.includes('What the internet can reach'), 'the review');
    await r.press('\u001b', (f) => f.includes('filtered after your edits'), 'the view, the fix still staged');
    await r.press('c', (f) => !f.includes('What the internet can reach'), 'the review again');
    await r.press('y', () => r.store.getState().staging.edits.length === 0, 'applied');
    expect(r.store.getState().exposure).toBeNull();
    await r.press('?', (f) => f.includes('Keys (? or Esc closes'), 'help over the rules');
    const rules = await r.press('\u001b', (f) => !f.includes('Keys (? or Esc'), 'help closed');
    expect(rules).not.toContain('What the internet can reach');
    r.view.unmount();
  });

  it('u takes the fix back: the entry no longer says what it will be', async () => {
    const r = await app();
    await r.press('E', (f) => f.includes('tcp/8080'), 'the view');
    await r.press('f', (f) => f.includes('keep allowed from'), 'the prompt');
    await r.press('\r', (f) => f.includes('after your edits'), 'staged');
    const undone = await r.press('u', (f) => !f.includes('after your edits'), 'the fix undone');
    expect(undone).toContain('tcp/8080   eth0     open · DNAT');
    expect(r.store.getState().staging.edits).toHaveLength(0);
    r.view.unmount();
  });

  it('offers no fix for a filtered port, and none for a DNAT port without DOCKER-USER (it says why)', async () => {
    const r = await app();
    await r.press('E', (f) => f.includes('tcp/22'), 'the view');
    await r.press('j', (f) => f.includes('tcp/22 on eth0 (bound to 0.0.0.0): filtered'), 'the filtered entry');
    r.view.stdin.write('f');
    await new Promise((done) => setTimeout(done, 50));
    expect(r.frame()).not.toContain('keep allowed from');
    r.view.unmount();

    const plain = await app(PLAIN);
    await plain.press('E', (f) => f.includes('tcp/8080'), 'the view');
    const why = await plain.press('f', (f) => f.includes('no DOCKER-USER chain'), 'why nothing is staged');
    expect(why).toContain('fwtui stages nothing');
    expect(plain.store.getState().staging.edits).toHaveLength(0);
    plain.view.unmount();
  });

  it('the header says when another nftables table also filters: open only as far as iptables decides', async () => {
    const r = await app(DOCKER, { ...REPORT, otherTables: [{ family: 'inet', name: 'firewalld', hooks: ['input'] }] });
    const frame = await r.press('E', (f) => f.includes('tcp/8080'), 'the view');
    expect(oneLine(frame)).toContain(
      'open as far as iptables decides: nft table inet firewalld also sees input; a drop there applies too',
    );
    r.view.unmount();
  });

  it('says why there is no report when the source cannot read what listens', async () => {
    const source = new FakeSource(true, { ipv4: DOCKER });
    const r = await renderApp(source);
    const frame = await r.press('E', (f) => f.includes('What the internet can reach: what listens'), 'why');
    expect(oneLine(frame)).toContain('what listens here cannot be read through this source');
    r.view.unmount();
  });

  it('E on a saved file says the view needs the live firewall', async () => {
    const r = await renderApp(new FakeSource(false, { ipv4: DOCKER }));
    const frame = await r.press('E', (f) => f.includes('What the internet can reach'), 'why not');
    expect(oneLine(frame)).toContain('exposure needs the live firewall: a saved file has no listening sockets');
    r.view.unmount();
  });
});
