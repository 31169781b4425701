import { describe, expect, it } from 'vitest';
import { parseArgs, USAGE } from '../../../src/cli/args.js';

describe('fwtui logs on the command line', () => {
  it('takes --count, --seconds, --netns and --backend; the live firewall only', () => {
    expect(
      parseArgs(['logs', '--count', '3', '--seconds', '9', '--netns', 'lab', '--backend', 'legacy']),
    ).toMatchObject({ command: 'logs', count: 3, seconds: 9, netns: 'lab', backend: 'legacy' });
    expect(() => parseArgs(['logs', '--file', 'rules.v4'])).toThrow(
      'logs works on the live firewall; --file does not go with it',
    );
    expect(() => parseArgs(['list', '--count', '3'])).toThrow('--count goes with watch or logs');
    expect(USAGE).toMatch(/^ {2}logs {19}the packets the LOG and NFLOG rules report/m);
  });
});
