/**
 * The raw table a watch created is taken out again only while it holds nothing but empty base chains (real nft in a
 * namespace): another program's rule, a changed policy or a set keep it, with all they hold.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { holdsNothing, removeEmptyRawTable } from '../../src/backend/watch-raw.js';
import { createExecaRunner } from '../../src/backend/runner.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';

const available = await requireNetns();

describe.runIf(available)('removing the raw table a watch created (nft)', () => {
  let ns: TestNetns;
  beforeEach(async () => {
    ns = await createNetns();
    // As a watch leaves it: its TRACE rule made the table and chain, and is gone again.
    await ns.exec(['iptables-nft', '-w', '5', '-t', 'raw', '-I', 'PREROUTING', '-j', 'TRACE']);
    await ns.exec(['iptables-nft', '-w', '5', '-t', 'raw', '-D', 'PREROUTING', '-j', 'TRACE']);
  });
  afterEach(async () => {
    await ns.remove();
  });
  const target = () => ({
    runner: createExecaRunner(),
    netns: ns.name,
    variant: 'nft' as const,
    family: 'ipv4' as const,
  });
  const tables = async () => (await ns.exec(['nft', 'list', 'tables'])).trim();
  const chains = ['PREROUTING', 'OUTPUT'];

  it('empty: removed', async () => {
    expect(await removeEmptyRawTable(target(), chains)).toBe(true);
    expect(await tables()).toBe('');
  });

  it('another program’s rule in it: kept, rule and all', async () => {
    await ns.exec(['iptables-nft', '-w', '5', '-t', 'raw', '-A', 'PREROUTING', '-p', 'udp', '-j', 'CT', '--notrack']);
    expect(await removeEmptyRawTable(target(), chains)).toBe(false);
    expect(await ns.exec(['iptables-nft-save', '-t', 'raw'])).toContain('-A PREROUTING -p udp -j CT --notrack');
  });

  it('a policy changed meanwhile, or a set of its own: kept', async () => {
    await ns.exec(['iptables-nft', '-w', '5', '-t', 'raw', '-P', 'PREROUTING', 'DROP']);
    expect(await removeEmptyRawTable(target(), chains)).toBe(false);
    expect(await ns.exec(['iptables-nft-save', '-t', 'raw'])).toContain(':PREROUTING DROP');
    await ns.exec(['iptables-nft', '-w', '5', '-t', 'raw', '-P', 'PREROUTING', 'ACCEPT']);
    await ns.exec(['nft', 'add', 'set', 'ip', 'raw', 'keep', '{ type ipv4_addr; }']);
    expect(await removeEmptyRawTable(target(), chains)).toBe(false);
    expect(await ns.exec(['nft', 'list', 'sets'])).toContain('set keep');
  });

  it('reads the listing strictly (pure)', () => {
    const empty =
      'table ip raw {\n\tchain PREROUTING {\n\t\ttype filter hook prerouting priority raw; policy accept;\n\t}\n}\n';
    expect(holdsNothing(empty, chains)).toBe(true);
    expect(holdsNothing('table ip raw {\n}\n', chains)).toBe(true);
    expect(holdsNothing(empty.replace('PREROUTING', 'OTHER'), chains)).toBe(false);
    expect(holdsNothing(empty.replace('\t}\n}', '\t\tcounter packets 0 bytes 0 notrack\n\t}\n}'), chains)).toBe(false);
  });
});
