/** How fwtui starts itself again (the guard) and names its runtime, bundle and standalone alike. */
import { describe, expect, it } from 'vitest';
import { BUILD_ID, STANDALONE, runtimeName, selfCommand } from '../../src/build-info.js';

describe('build info', () => {
  it('the standalone executable starts itself alone; the bundle needs its runtime and script', () => {
    expect(selfCommand('/usr/bin/fwtui', '/usr/bin/fwtui', true)).toEqual(['/usr/bin/fwtui']);
    expect(selfCommand('/usr/bin/node', '/opt/fwtui/dist/fwtui.mjs', false)).toEqual([
      '/usr/bin/node',
      '/opt/fwtui/dist/fwtui.mjs',
    ]);
  });

  it('names the runtime that runs it', () => {
    expect(runtimeName({ node: '26.12.1' })).toBe('node 26.12.1');
    expect(runtimeName({ node: '24.3.0', bun: '1.4.5' })).toBe('bun 1.4.5');
  });

  it('run from the sources it is neither standalone nor built', () => {
    expect(STANDALONE).toBe(false);
    expect(BUILD_ID).toBe('source');
  });
});
