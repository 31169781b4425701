/** At 80 columns the key hints are whole: a hint that does not fit is left out, never cut. */
import { describe, expect, it } from 'vitest';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const source = () => new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 });

describe('the key hints at 80 columns', () => {
  it('leave hints out whole rather than cut one, and keep ? help and q quit', async () => {
    const { press } = await renderApp(source());
    const frame = await press('J', (f) => f.includes('1 edit staged'), 'a staged move');
    const hints = frame.split('\n').at(-1)!;
    expect(hints).toMatch(/^c commit .*\? help {2}q quit$/);
    expect(hints).not.toContain('…');
  });
});
