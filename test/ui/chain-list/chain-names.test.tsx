/**
 * Cut chain names keep both ends, so siblings stay distinct (DOCKER-ISOLATION-STAGE-1 / -2); an empty chain's
 * rule pane says how to add a rule or move focus, and `j` there says why nothing moves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitName } from '../../../src/ui/format/chain-name.js';
import { FakeSource } from '../../helpers/fake-source.js';
import { FIXTURE_DIR } from '../../helpers/fixtures.js';
import { renderApp } from '../../helpers/render-app.js';

const docker = () => new FakeSource(false, { ipv4: readFileSync(join(FIXTURE_DIR, 'docker-style.v4.save'), 'utf8') });

describe('cut chain names', () => {
  it('keep their start and their end', () => {
    expect(fitName('DOCKER-ISOLATION-STAGE-1', 10)).toBe('DOCKE…GE-1');
    expect(fitName('DOCKER-ISOLATION-STAGE-2', 10)).toBe('DOCKE…GE-2');
    expect(fitName('INPUT', 10)).toBe('INPUT     ');
  });

  for (const columns of [80, 120]) {
    it(`in the chain list at ${columns} columns, DOCKER-ISOLATION-STAGE-1 and -2 look different`, async () => {
      const app = await renderApp(docker(), { columns, rows: 40 });
      const frame = await app.waitFor((f) => f.includes('DOCK'), 'the chain list');
      const names = frame.split('\n').map(
        (l) =>
          l
            .slice(0, l.indexOf('│'))
            .replace(/^[ ~>.]*/, '')
            .split(/ +/)[0]!,
      );
      const isolation = names.filter((n) => n.startsWith('DOCKER-IS') || (n.startsWith('DOCK') && n.includes('…')));
      const one = isolation.filter((n) => n.endsWith('-1'));
      const two = isolation.filter((n) => n.endsWith('-2'));
      expect(one).toHaveLength(1);
      expect(two).toHaveLength(1);
    });
  }
});

describe('an empty chain', () => {
  it('the rule pane says how to add a rule or go to the chains, and j says why nothing moves', async () => {
    const app = await renderApp(docker());
    const frame = await app.waitFor((f) => f.includes('no rules'), 'the empty INPUT');
    expect(frame).toMatch(/a adds a rule/);
    expect(frame).toMatch(/Tab: chains/);
    await app.press('j', (f) => f.includes('INPUT has no rules'), 'why j does nothing');
  });
});
