import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.js';
import { fwtuiCommand, type CommandScope } from '../../src/domain/command-hint.js';

/** The words a POSIX shell makes of `line` (the shell itself is the judge). */
const shellWords = (line: string): string[] =>
  JSON.parse(execFileSync('sh', ['-c', `node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- ${line}`], { encoding: 'utf8' })) as string[];

const SCOPES: CommandScope[] = [
  {},
  { netns: 'lab1' },
  { netns: 'lab1', backend: 'legacy' },
  { backend: 'nft', root: '/srv/image root' },
  { netns: "odd name'$(x)", backend: 'nft', root: '/tmp/r' },
];

describe('hints name the invocation scope', () => {
  for (const scope of SCOPES) {
    for (const words of [['confirm'], ['revert'], ['status'], ['save'], ['saved-diff'], ['list'], ['export'], ['save', '--remove-loader']]) {
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
    const { detectLoader } = await import('../../src/domain/boot-loader.js');
    const empty = { read: () => null, exists: () => false, list: () => [] };
    const warning = detectLoader(empty, { root: '/srv/image' }).warnings.join(' ');
    const hint = /fwtui save --install-loader[^(]*[^( ]/.exec(warning)?.[0];
    expect(hint).toBe('fwtui save --install-loader --root /srv/image');
    const opts = parseArgs(shellWords(hint!).slice(1));
    expect([opts.command, opts.loader, opts.root]).toEqual(['save', 'install', '/srv/image']);
  });
});
