import { describe, expect, it } from 'vitest';
import { logReach } from '../../../../src/domain/analysis/log-reach.js';

describe('logReach', () => {
  it("the host's namespace (the sysctl exists there): read; with it 1, other namespaces write too", () => {
    expect(logReach({ viewAllNetns: '0\n', ownAllNetns: '0\n' })).toEqual({ read: true, silent: null, note: null });
    expect(logReach({ viewAllNetns: '1\n', ownAllNetns: '1\n' })).toMatchObject({ read: true, note: /shared/ });
  });

  it('another namespace with nf_log_all_netns 0: not read, and says why instead of "no hits"', () => {
    expect(logReach({ viewAllNetns: null, ownAllNetns: '0\n' })).toEqual({
      read: false,
      silent: 'LOG rules in this namespace write nothing to the kernel log: net.netfilter.nf_log_all_netns is 0',
      note: null,
    });
  });

  it('another namespace with nf_log_all_netns 1: read, saying the log is shared; unknown: says it cannot tell', () => {
    expect(logReach({ viewAllNetns: null, ownAllNetns: '1' })).toMatchObject({ read: true, note: /another namespace/ });
    expect(logReach({ viewAllNetns: null, ownAllNetns: null })).toMatchObject({ read: false, silent: /cannot read/ });
  });
});
