/**
 * Reading real sets: every set type fwtui models that this kernel has
 * (hash:mac, hash:ip,mac, hash:net,net, hash:ip,mark are not built here) is created in a throwaway
 * namespace with real ipset; fwtui reads them back and writes `ipset save`
 * text identical to ipset's own; ipset missing is said with its package.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIpset } from '../../src/backend/ipset.js';
import { createExecaRunner } from '../../src/backend/runner.js';
import { ipsetSaveText } from '../../src/domain/sets/print-ipset.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';

const available = await requireNetns();

const SETS = `create bl hash:net family inet hashsize 64 maxelem 1000 timeout 600 counters comment
add bl 192.0.2.0/24 timeout 600 comment "test net"
add bl 192.0.2.128/25 nomatch
create hip hash:ip family inet6 counters
add hip 2001:db8::1
create hipport hash:ip,port family inet
add hipport 192.0.2.1,tcp:22
add hipport 192.0.2.1,udp:53
create hnetport hash:net,port family inet6
add hnetport 2001:db8::/64,tcp:443
create hnetif hash:net,iface family inet
add hnetif 10.0.0.0/8,eth0
create bip bitmap:ip range 10.0.0.0/24
add bip 10.0.0.7
create bport bitmap:port range 1-1024
add bport 22
create lst list:set size 8
add lst bl
`;

describe.runIf(available)('reading real sets', () => {
  let ns: TestNetns;
  beforeAll(async () => {
    ns = await createNetns();
    await ns.exec(['ipset', 'restore'], SETS);
    await ns.exec(['iptables', '-A', 'INPUT', '-m', 'set', '--match-set', 'bl', 'src', '-j', 'DROP']);
  });
  afterAll(async () => {
    await ns?.exec(['iptables', '-F']).catch(() => undefined);
    await ns?.exec(['ipset', 'destroy']).catch(() => undefined);
    await ns?.remove();
  });

  it('every type, members with their options, memory and references; printed back = ipset save', async () => {
    const sets = await createIpset({ runner: createExecaRunner(), netns: ns.name }).read();
    expect(sets.map((s) => s.type)).toEqual([
      'hash:net',
      'hash:ip',
      'hash:ip,port',
      'hash:net,port',
      'hash:net,iface',
      'bitmap:ip',
      'bitmap:port',
      'list:set',
    ]);
    const bl = sets[0]!;
    expect(bl.references).toBe(2); // the rule and the list:set
    expect(bl.memsize).toBeGreaterThan(0);
    // A hash set lists its members in hash order, not in the order they were added.
    expect(bl.members.map((m) => m.elem).sort()).toEqual(['192.0.2.0/24', '192.0.2.128/25']);
    const member = (elem: string) => bl.members.find((m) => m.elem === elem)!;
    expect(member('192.0.2.0/24').options.find((o) => o.name === 'comment')?.value).toBe('test net');
    expect(member('192.0.2.128/25').options.some((o) => o.name === 'nomatch')).toBe(true);
    expect(ipsetSaveText(sets)).toBe(await ns.exec(['ipset', 'save']));
  });

  it('ipset not installed: said with the package to install, not "exec failed"', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'fwtui-noipset-'));
    try {
      symlinkSync((await execa('sh', ['-c', 'command -v ip'])).stdout.trim(), join(bin, 'ip'));
      const saved = process.env.PATH;
      process.env.PATH = bin;
      try {
        await expect(createIpset({ runner: createExecaRunner(), netns: ns.name }).read()).rejects.toThrow(
          /^ipset is not installed: apt-get install ipset$/,
        );
      } finally {
        process.env.PATH = saved;
      }
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
