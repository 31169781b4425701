import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../../src/cli/args.js';
import { fwtuiCommand, type CommandScope } from '../../../../src/domain/hints/command-hint.js';

/** The words a POSIX shell makes of `line` (the shell itself is the judge). */
const shellWords = (line: string): string[] =>
  JSON.parse(
    execFileSync('sh', ['-c', `node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- ${line}`], {
      encoding: 'utf8',
    }),
  ) as string[];

const SCOPES: CommandScope[] = [
  {},
  { netns: 'lab1' },
  { netns: 'lab1', backend: 'legacy' },
  { backend: 'nft', root: '/srv/image root' },
  { netns: "odd name'$(x)", backend: 'nft', root: '/tmp/r' },
];

describe('hints name the invocation scope', () => {
  for (const scope of SCOPES) {
    const commands = [
      ['confirm'],
      ['revert'],
      ['status'],
      ['save'],
      ['saved-diff'],
      ['list'],
      ['export'],
      ['save', '--remove-loader'],
    ];
    for (const words of commands) {
      it(`${words.join(' ')} in ${JSON.stringify(scope)} parses back to the same firewall`, () => {
        const hint = fwtuiCommand(scope, ...words);
        const [program, ...argv] = shellWords(hint);
        expect(program).toBe('fwtui');
        const opts = parseArgs(argv);
        expect(opts.command).toBe(words[0]);
        expect(opts.netns).toBe(scope.netns ?? undefined);
        expect(opts.backend).toBe(scope.backend ?? undefined);
        // --root only where the command takes it (parseArgs refuses it elsewhere).
        if (['save', 'saved-diff', 'status'].includes(words[0]!)) expect(opts.root).toBe(scope.root ?? undefined);
      });
    }
  }
});

describe('the boot-loader hint', () => {
  it('carries --root when the save was for another root, and works as printed', async () => {
    const { detectLoader } = await import('../../../../src/domain/boot/boot-loader.js');
    const empty = { read: () => null, exists: () => false, list: () => [] };
    const warning = detectLoader(empty, { root: '/srv/image' }).warnings.join(' ');
    const hint = /fwtui save --install-loader[^(]*[^( ]/.exec(warning)?.[0];
    expect(hint).toBe('fwtui save --install-loader --root /srv/image');
    const opts = parseArgs(shellWords(hint!).slice(1));
    expect([opts.command, opts.loader, opts.root]).toEqual(['save', 'install', '/srv/image']);
  });
});

describe('every hint goes through fwtuiCommand', () => {
  it('no source file spells out an fwtui command in a message by hand', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { fileURLToPath } = await import('node:url');
    // One relative string: the folder of the sources, from this test.
    const root = fileURLToPath(new URL('../../../../src', import.meta.url));
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(e.name)) {
          readFileSync(path, 'utf8')
            .split('\n')
            .forEach((line) => {
              if (/^\s*(\*|\/\/|\/\*\*)/.test(line)) return; // comments
              const hint = /fwtui (confirm|revert|status|save|saved-diff|list|export|trace|apply)\b/;
              if (hint.test(line)) found.push(`${path.slice(root.length + 1)}:${line.trim()}`);
            });
        }
      }
    };
    walk(root);
    // Files by name, wherever they live. What remains are not hints: who reverted (recorded in the commit's
    // outcome), the usage text, a fallback for a source without a safety net (a file: nothing is ever pending there).
    const allowed = [
      /(^|\/)safety-net\.ts:.*'fwtui status \(the guard was gone\)'/,
      /(^|\/)safety-net\.ts:.*'fwtui apply \(its guard was gone\)'/,
      /(^|\/)keep-answer\.ts:.*'fwtui apply \(answered no\)'/,
      /(^|\/)revert-command\.ts:.*'fwtui revert'\);$/,
      /(^|\/)args\.ts:--no-wait +apply: return at once/,
      /(^|\/)pending-slice\.ts:.*commandHint\('confirm'\) \?\? 'fwtui confirm'/,
    ];
    expect(found.filter((f) => !allowed.some((a) => a.test(f)))).toEqual([]);
  });
});

describe("the guard's hint", () => {
  it('names the namespace whose commit it guards', async () => {
    const { statusHint } = await import('../../../../src/app/safety/guard.js');
    expect(statusHint('/run/fwtui/netns/lab1', '/run/fwtui')).toBe('fwtui status --netns lab1');
    expect(statusHint('/run/fwtui', '/run/fwtui')).toBe('fwtui status');
  });
});
