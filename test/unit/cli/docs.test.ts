/** man fwtui and the bash and zsh completions say what --help, the key map and the exit codes say. */
import { execa } from 'execa';
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { THEMES } from '../../../themes/index.js';
import { EXIT } from '../../../src/cli/exit-codes.js';
import { bashCompletion } from '../../../src/cli/docs/bash-completion.js';
import { zshCompletion } from '../../../src/cli/docs/zsh-completion.js';
import { keyLines } from '../../../src/cli/docs/key-names.js';
import { manPage, roff } from '../../../src/cli/docs/man-page.js';
import { usageCommands, usageExitCodes, usageFlags, usageSection } from '../../../src/cli/docs/usage-sections.js';
import { KEYMAP } from '../../../src/ui/keys/keymap.js';

const page = manPage('9.9.9', '2026-01-01');

describe('man page', () => {
  it('lists every command and option of --help with its words', () => {
    for (const section of ['Commands', 'Options']) {
      for (const e of usageSection(section)) {
        expect(page).toContain(`.B ${roff(e.term)}\n`);
        expect(page).toContain(roff(e.description));
      }
    }
    expect(usageCommands()).toEqual(
      expect.arrayContaining(['export', 'list', 'apply', 'confirm', 'trace', 'saved-diff']),
    );
    expect(usageFlags()).toEqual(expect.arrayContaining(['-4', '-6', '-t', '--table', '--netns', '--confirm-timeout']));
  });

  it('lists every binding of the key map, every key of it', () => {
    expect(keyLines()).toHaveLength(KEYMAP.length);
    for (const k of keyLines()) expect(page).toContain(`.B ${roff(k.keys)}\n${roff(k.description)}`);
    expect(page).toContain('.B Ctrl\\-R\n');
  });

  it('names every exit code fwtui has', () => {
    const text = usageExitCodes();
    for (const [name, code] of Object.entries(EXIT)) expect(text, name).toMatch(new RegExp(`(^|[\\s,:])${code} `));
    expect(page).toContain(roff(text));
  });

  it('renders with man without warnings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fwtui-man-'));
    try {
      await writeFile(join(dir, 'fwtui.1'), page);
      const r = await execa('man', ['--warnings', '-l', join(dir, 'fwtui.1')], {
        env: { MANWIDTH: '100', MANPAGER: 'cat' },
        reject: false,
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^FWTUI\(1\)/);
      expect(r.stdout).toContain('--confirm-timeout S');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('bash completion', () => {
  /** What bash completes for the words typed (the last one being completed). */
  async function complete(words: string[], path: string): Promise<string[]> {
    const script =
      `${bashCompletion(Object.keys(THEMES))}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); ` +
      `COMP_CWORD=${words.length - 1}; _fwtui; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = await execa('bash', ['--norc', '-c', script], { env: { PATH: path }, reject: false });
    return r.stdout.split('\n').filter(Boolean);
  }

  it('completes commands, options, tables, themes, namespaces and the chains iptables -S names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fwtui-compl-'));
    try {
      // Stand-ins that print what iptables -S and ip netns list print.
      await writeFile(
        join(dir, 'iptables'),
        '#!/bin/sh\nprintf -- "-P INPUT ACCEPT\\n-N web-in\\n-A INPUT -j web-in\\n"\n',
      );
      await writeFile(join(dir, 'ip'), '#!/bin/sh\nprintf "blue (id: 0)\\nred\\n"\n');
      await chmod(join(dir, 'iptables'), 0o755);
      await chmod(join(dir, 'ip'), 0o755);
      const path = `${dir}:/usr/bin:/bin`;
      expect(await complete(['fwtui', 'sa'], path)).toEqual(['save', 'saved-diff']);
      expect(await complete(['fwtui', '--conf'], path)).toEqual(['--confirm-timeout']);
      expect(await complete(['fwtui', 'list', '-t', 'ma'], path)).toEqual(['mangle']);
      expect(await complete(['fwtui', '--theme', 'hi'], path)).toEqual(['high-contrast']);
      expect(await complete(['fwtui', '--netns', ''], path)).toEqual(['blue', 'red']);
      expect(await complete(['fwtui', 'list', ''], path)).toEqual(['INPUT', 'web-in']);
      for (const flag of usageFlags()) expect(await complete(['fwtui', flag], path)).toContain(flag);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('zsh completion', () => {
  /** An interactive zsh in tmux with _fwtui on $fpath: types `line`, presses Tab, returns the edited line. */
  async function zshSession(dir: string) {
    const name = `fwtui-zsh-${process.pid}`;
    const tmux = (...args: string[]) => execa('tmux', args, { reject: false });
    const screen = async () => (await tmux('capture-pane', '-p', '-t', name)).stdout;
    await tmux('kill-session', '-t', name);
    await tmux(
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      '150',
      '-y',
      '20',
      'env',
      '-i',
      `PATH=${dir}:/usr/bin:/bin`,
      `HOME=${dir}`,
      'TERM=xterm',
      'zsh',
      '-f',
      '-i',
    );
    const ready = async (marker: string) => {
      for (let i = 0; i < 60 && !(await screen()).includes(marker); i++) await new Promise((r) => setTimeout(r, 50));
    };
    await tmux(
      'send-keys',
      '-t',
      name,
      '-l',
      `fpath=(${dir} $fpath); autoload -Uz compinit; compinit -u -D; PS1='zsh''> '`,
    );
    await tmux('send-keys', '-t', name, 'Enter');
    await ready('zsh>');
    return {
      async complete(line: string): Promise<string> {
        await tmux('send-keys', '-t', name, 'C-l');
        await ready('zsh>');
        await tmux('send-keys', '-t', name, '-l', line);
        await tmux('send-keys', '-t', name, 'Tab');
        let last = '';
        for (let i = 0; i < 60; i++) {
          await new Promise((r) => setTimeout(r, 50));
          // tmux drops trailing blanks: an empty prompt reads "zsh>".
          last = (await screen()).split('\n').find((l) => l.startsWith('zsh>')) ?? '';
          if (last.trimEnd() !== `zsh> ${line}`.trimEnd() && last.length > 'zsh>'.length) break;
        }
        await tmux('send-keys', '-t', name, 'C-u');
        return last.replace(/^zsh> ?/, '').trimEnd();
      },
      close: () => tmux('kill-session', '-t', name),
    };
  }

  it('completes commands, options, tables, themes, namespaces and the chains iptables -S names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fwtui-zsh-'));
    await writeFile(join(dir, '_fwtui'), zshCompletion(Object.keys(THEMES)));
    await writeFile(
      join(dir, 'iptables'),
      '#!/bin/sh\nprintf -- "-P INPUT ACCEPT\\n-N web-in\\n-A INPUT -j web-in\\n"\n',
    );
    await writeFile(join(dir, 'ip'), '#!/bin/sh\nprintf "blue (id: 0)\\nred\\n"\n');
    await writeFile(join(dir, 'fwtui'), '#!/bin/sh\n');
    await chmod(join(dir, 'iptables'), 0o755);
    await chmod(join(dir, 'ip'), 0o755);
    await chmod(join(dir, 'fwtui'), 0o755);
    const zsh = await zshSession(dir);
    try {
      expect(await zsh.complete('fwtui expor')).toBe('fwtui export');
      expect(await zsh.complete('fwtui expos')).toBe('fwtui exposure');
      expect(await zsh.complete('fwtui saved-')).toBe('fwtui saved-diff');
      expect(await zsh.complete('fwtui --conf')).toBe('fwtui --confirm-timeout');
      expect(await zsh.complete('fwtui list -t ma')).toBe('fwtui list -t mangle');
      expect(await zsh.complete('fwtui --theme hi')).toBe('fwtui --theme high-contrast');
      expect(await zsh.complete('fwtui --netns bl')).toBe('fwtui --netns blue');
      expect(await zsh.complete('fwtui --backend le')).toBe('fwtui --backend legacy');
      expect(await zsh.complete('fwtui list we')).toBe('fwtui list web-in');
    } finally {
      await zsh.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
