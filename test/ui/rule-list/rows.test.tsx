import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noColorTheme } from '../../../themes/no-color.js';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';
import { FIXTURE_DIR } from '../../helpers/fixtures.js';
import { renderApp } from '../../helpers/render-app.js';

const docker = () => new FakeSource(false, { ipv4: readFileSync(join(FIXTURE_DIR, 'docker-style.v4.save'), 'utf8') });
/** The row of rule `num` (after the border: the selection marker, the mark, the number). */
const rowOf = (frame: string, num: number): string =>
  frame.split('\n').find((l) => new RegExp(`│[ >.]?[ +~•]? +${num} `).test(l)) ?? '';
const header = (frame: string): string => frame.split('\n')[1] ?? '';

describe('wide and compact rows, horizontal scrolling', () => {
  async function dockerChain(columns = 120) {
    const app = await renderApp(docker(), { columns, rows: 30 });
    await app.waitFor((f) => f.includes('Chain INPUT'), 'the view');
    await app.press('\tjjj\t', (f) => f.includes('Chain DOCKER: user-defined'), 'the DOCKER chain');
    return app;
  }

  it('fold interfaces into the text where the -L columns do not fit, and v says so', async () => {
    const { press, frame } = await dockerChain();
    // 120 columns: too narrow for every -L column, so interfaces fold into the text instead of going.
    expect(header(frame())).toMatch(/target +-i -o -p -s -d, matches \/ comment/);
    expect(rowOf(frame(), 1)).toMatch(/ACCEPT +! -i docker0 -o docker0 tcp dpt:80 -d 172\.17\.0\.2/);
    const f = await press('v', (x) => x.includes('do not fit this terminal'), 'the refusal');
    expect(rowOf(f, 1)).toMatch(/ACCEPT +! -i docker0/);
  });

  it('v switches between the -L columns and the compact text, and says which', async () => {
    const { press, frame } = await dockerChain(160);
    // 160 columns: every -L column fits.
    expect(header(frame())).toMatch(/target +prot +opt +in +out +source +destination +matches \/ comment/);
    expect(rowOf(frame(), 1)).toMatch(/ACCEPT +tcp +-- +!docker0 +docker0 +0\.0\.0\.0\/0 +172\.17\.0\.2 +tcp dpt:80/);
    let f = await press('v', (x) => x.includes('rows: compact'), 'the compact rows');
    expect(header(f)).toMatch(/target +-i -o -p -s -d, matches \/ comment/);
    expect(rowOf(f, 1)).toMatch(/ACCEPT +! -i docker0 -o docker0 tcp dpt:80 -d 172\.17\.0\.2/);
    f = await press('v', (x) => x.includes('rows: wide'), 'wide again');
    expect(rowOf(f, 1)).toMatch(/ACCEPT +tcp +-- +!docker0/);
  });

  it('> and < (or Shift+→ and Shift+←) scroll the matches text, marking the hidden start', async () => {
    const { press } = await dockerChain();
    let f = await press('>', (x) => x.includes('matches from character 9 (<)'), 'scrolled once');
    expect(rowOf(f, 1)).toMatch(/ACCEPT +…er0 -o docker0 tcp dpt:80/);
    f = await press('\u001b[1;2C', (x) => x.includes('from character 17'), 'Shift+Right scrolls on');
    f = await press('<<', (x) => !x.includes('from character'), 'back at the start');
    expect(rowOf(f, 1)).toMatch(/ACCEPT +! -i docker0/);
    f = await press('\u001b[1;2D', (x) => x.includes('Chain DOCKER'), 'Shift+Left at the start stays');
    expect(f).not.toMatch(/from character/);
  });

  it('the keys are in the help', async () => {
    const { press } = await renderApp(docker(), { columns: 120, rows: 40 });
    const f = await press('?', (x) => x.includes('Keys ('), 'help');
    expect(f).toMatch(/<, Shift\+← +scroll the matches left/);
    expect(f).toMatch(/>, Shift\+→ +scroll the matches right/);
    expect(f).toMatch(/v +rule rows: wide or compact/);
  });
});

describe('a terminal without attributes (TERM=dumb)', () => {
  it('marks the selection with > (. where the other list has the focus), staged marks stay beside it', async () => {
    const dumb = { ...noColorTheme, selectionMarker: true };
    const { press, waitFor } = await renderApp(new FakeSource(true, { ipv4: RULES_V4() }), undefined, dumb);
    let f = await waitFor((x) => x.includes('Chain INPUT: policy DROP'), 'the view');
    expect(f.split('\n').filter((l) => l.includes('│>'))).toHaveLength(1);
    expect(rowOf(f, 1)).toMatch(/│> +1 /);
    expect(f).toMatch(/^\. INPUT/m);
    f = await press('y', (x) => x.includes('1 edit staged'), 'a duplicate staged');
    expect(rowOf(f, 2)).toMatch(/│>\+ +2 /);
    expect(f).toMatch(/^\.~INPUT/m);
    f = await press('\t', (x) => /^>~INPUT/m.test(x), 'the chain list focused');
    expect(rowOf(f, 2)).toMatch(/│\.\+ +2 /);
  });
});

describe('the detail of the selected rule', () => {
  it('shows its full text, wrapped, where the row had to cut it', async () => {
    const comment = `${'web servers of the accounting department '.repeat(5)}end`;
    const save =
      `*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n` +
      '-A INPUT -s 192.0.2.0/24 -i eth0 -p tcp -m tcp --dport 8443 -m conntrack --ctstate NEW ' +
      `-m comment --comment "${comment}" -j ACCEPT\nCOMMIT\n`;
    const { waitFor } = await renderApp(new FakeSource(false, { ipv4: save }));
    const f = await waitFor((x) => x.includes('rule 1/1'), 'the rule');
    expect(rowOf(f, 1)).toMatch(/-i eth0 tcp dpt:8443 -s 192\.0\.2\.0\/24 ct…$/);
    const lines = f.split('\n');
    const from = lines.findIndex((l) => l.startsWith('-A INPUT'));
    const detail = lines.slice(from, from + 5).join('');
    expect(detail).toContain(`--comment "${comment}" -j ACCEPT`);
    expect(lines).toHaveLength(24);
  });
});
