/** `fwtui block` on the command line: its options, and what does not go with it. */
import { describe, expect, it } from 'vitest';
import { parseArgs, USAGE } from '../../../src/cli/args.js';

describe('block arguments', () => {
  it('reads --set, --create, --file, --rule with the safety net options of apply', () => {
    const argv = ['block', '--set', 'bl', '--create', 'hash:net', '--file', 'l.txt', '-6', '--netns', 'lab', '--rule'];
    expect(parseArgs([...argv, '--confirm-timeout', '30', '--no-wait', '--allow-lockout'])).toMatchObject({
      command: 'block',
      setName: 'bl',
      createType: 'hash:net',
      file: 'l.txt',
      family: 'ipv6',
      netns: 'lab',
      addRule: true,
      confirmTimeout: 30,
      noWait: true,
      allowLockout: true,
    });
  });

  it('needs --set and --file; --set, --create and --rule go with block only; --create takes two types', () => {
    expect(() => parseArgs(['block', '--file', 'l.txt'])).toThrow(/block needs --set NAME/);
    expect(() => parseArgs(['block', '--set', 'bl'])).toThrow(/block needs --file LIST/);
    expect(() => parseArgs(['apply', 'f', '--rule'])).toThrow(/go with block/);
    expect(() => parseArgs(['list', '--set', 'bl'])).toThrow(/go with block/);
    expect(() => parseArgs(['block', '--set', 'bl', '--file', 'l', '--create', 'list:set'])).toThrow(
      /--create takes hash:net or hash:ip/,
    );
  });

  it('is in --help', () => {
    expect(USAGE).toMatch(/^ {2}block {18}add the addresses of --file LIST to set --set NAME/m);
    expect(USAGE).toContain('--rule ');
  });
});
