/** At 80 columns the rule editor never hides what is typed, the rule it will stage, or a warning's end. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeSource } from '../../helpers/fake-source.js';
import { FIXTURE_DIR } from '../../helpers/fixtures.js';
import { renderApp } from '../../helpers/render-app.js';

const CTRL_T = '\u0014';
const DOWN = '\u001b[B';
const docker = () => new FakeSource(true, { ipv4: readFileSync(join(FIXTURE_DIR, 'docker-style.v4.save'), 'utf8') });
/** The editor's lines (above the chain line), joined: a wrapped text reads whole (`sep`: what a wrap took). */
const joined = (frame: string, sep = ''): string => frame.slice(0, frame.indexOf('\nChain ')).replace(/\n/g, sep);
const COMMENT = 'a rather long comment an admin types to say why this rule is here, see ticket 4711';

describe('the rule editor at 80 columns', () => {
  async function dockerEditor() {
    const app = await renderApp(docker(), { columns: 80, rows: 24 });
    await app.waitFor((f) => f.includes('Chain INPUT'), 'the view');
    await app.press('\tjjj\t', (f) => f.includes('Chain DOCKER: user-defined'), 'the DOCKER chain');
    await app.press('a', (f) => f.includes('New rule 7 in filter DOCKER'), 'the editor');
    return app;
  }

  it("says the owner's warning whole", async () => {
    const { frame } = await dockerEditor();
    expect(joined(frame(), ' ')).toContain(
      'DOCKER belongs to Docker: Docker rewrites this chain when it restarts or a container starts; ' +
        'this edit may not last',
    );
  });

  it('raw: the end of a long line and the cursor stay in view, the rule to stage is whole', async () => {
    const { press } = await dockerEditor();
    await press(CTRL_T, (f) => f.includes('raw arguments (Ctrl-T: form)'), 'raw');
    const f = await press(
      `\u0015-p tcp --dport 8080 -m comment --comment "${COMMENT}" -j ACCEPT`,
      (x) => x.includes('4711" -j ACCEPT▏'),
      'the end of the line',
    );
    expect(joined(f)).toContain(`-A DOCKER -p tcp --dport 8080 -m comment --comment "${COMMENT}" -j ACCEPT`);
  });

  it('form: the end of a long value and the cursor stay in view', async () => {
    const { press } = await dockerEditor();
    await press(DOWN.repeat(9), (f) => /> comment/.test(f), 'the comment field');
    await press(COMMENT, (f) => f.includes('ticket 4711▏'), 'the end of the comment');
  });
});
