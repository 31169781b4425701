/**
 * The status line's key hints belong to the mode that has the keyboard: under the history, help, analysis
 * and saved views, and in the editor and the review, the rule list's keys (`c commit`, `i new`, `d del`) do
 * nothing, so they are not offered there.
 */
import { describe, expect, it } from 'vitest';
import { FakeSource, RULES_V4, RULES_V6 } from '../../helpers/fake-source.js';
import { renderApp } from '../../helpers/render-app.js';

const LIST_HINT = /\bi new\b|\bd del\b|\be edit\b/;
const lastLine = (frame: string): string => frame.trimEnd().split('\n').pop() ?? '';

describe('key hints under an overlay', () => {
  it('the rule list offers its keys; the history view (L) and the editor (e) do not', async () => {
    const { press, frame, waitFor } = await renderApp(new FakeSource(true, { ipv4: RULES_V4(), ipv6: RULES_V6 }));
    await waitFor((f) => LIST_HINT.test(lastLine(f)), 'the rule list hints');
    await press('L', (f) => f.includes('Esc'), 'the history view');
    expect(lastLine(frame())).not.toMatch(LIST_HINT);
    await press('\u001b', (f) => LIST_HINT.test(lastLine(f)), 'back in the rule list');
    await press('\t', (f) => LIST_HINT.test(lastLine(f)), 'the rules pane');
    await press('e', (f) => !LIST_HINT.test(lastLine(f)), 'the editor without the list hints');
  });
});
