import { describe, expect, it } from 'vitest';
import { CommandNotFoundError } from '../../../src/backend/errors.js';
import { createExecaRunner } from '../../../src/backend/runner.js';
import { createCommandLog, type CommandLogEntry } from '../../../src/backend/command-log.js';

// Real processes (node itself), no root: how the execa runner hands output over.
const node = (script: string) => ({ file: process.execPath, args: ['-e', script] });

/** Prints "ab€" with the euro sign's three bytes split across two writes, 50 ms apart. */
const SPLIT_EURO =
  'process.stdout.write(Buffer.from([0x61,0x62,0xe2]));' +
  'setTimeout(()=>process.stdout.write(Buffer.from([0x82,0xac,0x0a])),50)';

describe('the execa runner', () => {
  it('streams stdout in pieces as it arrives, keeping a UTF-8 character split between writes whole', async () => {
    const pieces: string[] = [];
    const result = await createExecaRunner().stream(node(SPLIT_EURO), (p) => pieces.push(p));
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(pieces.join('')).toBe('ab€\n');
    expect(result).toMatchObject({ stdout: '', exitCode: 0 });
  });

  it('collects stdout and stderr with run(), whatever the exit code', async () => {
    const result = await createExecaRunner().run(
      node("process.stdout.write('out');process.stderr.write('err');process.exit(3)"),
    );
    expect(result).toMatchObject({ stdout: 'out', stderr: 'err', exitCode: 3 });
  });

  it('lets the program finish, then throws what the stdout handler threw', async () => {
    const seen: string[] = [];
    const script =
      "process.stdout.write('one\\n');setTimeout(()=>{process.stdout.write('two\\n');process.stderr.write('done')},50)";
    const failing = createExecaRunner({ onCommand: (_cmd, r) => seen.push(r.stderr) }).stream(node(script), () => {
      throw new Error('bad line 1');
    });
    await expect(failing).rejects.toThrow('bad line 1');
    expect(seen).toEqual(['done']);
  });

  it(
    'reports every command it runs to the command log: ' + 'argv, exit code, duration, even a missing program',
    async () => {
      const log = createCommandLog(() => 1000);
      const runner = createExecaRunner({ onCommand: log.record });
      await runner.run(node("process.stderr.write('no such chain\\nmore');process.exit(1)"));
      await runner.run({ ...node('process.exit(0)'), stdin: '*filter\nCOMMIT\n' });
      await expect(runner.run({ file: 'fwtui-no-such-program', args: ['-x'] })).rejects.toThrow(CommandNotFoundError);
      const seen: CommandLogEntry[] = [];
      log.subscribe((e) => seen.push(e));
      expect(seen.map((e) => [e.exitCode, e.stderr])).toEqual([
        [1, 'no such chain'],
        [0, ''],
        [127, 'fwtui-no-such-program: not found'],
      ]);
      expect(seen[0]!.command).toMatch(/^\S*node -e /);
      expect(seen[1]!.command).toMatch(/<<< \(2 lines on stdin\)$/);
      expect(seen[2]!.command).toBe('fwtui-no-such-program -x');
      for (const e of seen) expect(e.durationMs).toBeGreaterThanOrEqual(0);
    },
  );

  it('lists a background program in the command log when it starts, as running in the background', () => {
    const log = createCommandLog(() => 1000);
    const runner = createExecaRunner({ onCommand: log.record });
    const bg = runner.background!(node('process.stdin.resume(); setTimeout(() => {}, 60000)'));
    bg.stop();
    const seen: CommandLogEntry[] = [];
    log.subscribe((e) => seen.push(e));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ detached: true });
    expect(seen[0]!.command).toMatch(/node -e /);
  });

  it('runs a command synchronously for exit handlers, logged with its exit code, a missing program as 127', () => {
    const log = createCommandLog(() => 1000);
    const runner = createExecaRunner({ onCommand: log.record });
    const failed = runner.runSync!(node("process.stderr.write('gone');process.exit(2)"));
    expect(failed).toMatchObject({ stderr: 'gone', exitCode: 2 });
    expect(runner.runSync!({ file: 'fwtui-no-such-program', args: [] })).toMatchObject({ exitCode: 127 });
    const seen: CommandLogEntry[] = [];
    log.subscribe((e) => seen.push(e));
    expect(seen.map((e) => [e.exitCode, e.stderr])).toEqual([
      [2, 'gone'],
      [127, 'fwtui-no-such-program: not found'],
    ]);
  });

  it('says which program is missing', async () => {
    await expect(createExecaRunner().stream({ file: 'fwtui-no-such-program', args: [] }, () => {})).rejects.toThrow(
      CommandNotFoundError,
    );
  });
});
