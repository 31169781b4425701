/**
 * The -L text of the rules the issue names, and of older spellings a saved file may hold:
 * what `fwtui list` and the TUI's matches column print must be what iptables 1.8.9 prints.
 * Expected texts were read from `iptables -L -n -v -x` in a namespace (see
 * test/integration/extension-list.test.ts, which checks every extension against the kernel).
 */
import { describe, expect, it } from 'vitest';
import { ruleColumns } from '../../../../src/domain/listing/list-format.js';
import { splitArgs } from '../../../../src/domain/text/quoting.js';
import { parseRuleView } from '../../../../src/domain/model/rule-view.js';
import type { Family } from '../../../../src/domain/model/ruleset.js';

const columns = (spec: string, family: Family = 'ipv4', variant: 'nft' | 'legacy' = 'nft') =>
  ruleColumns(parseRuleView(splitArgs(spec)), family, variant);

describe('list text of the extensions the issue names', () => {
  it.each([
    [
      '-m hashlimit --hashlimit-above 1000/sec --hashlimit-burst 5 --hashlimit-mode srcip --hashlimit-name ssh',
      ' limit: above 1000/sec burst 5 mode srcip',
    ],
    [
      '-m hashlimit --hashlimit-upto 40/sec --hashlimit-burst 20 --hashlimit-mode srcip --hashlimit-name r3 ' +
        '--hashlimit-rate-match --hashlimit-rate-interval 10',
      ' limit: up to 4/sec burst 20 mode srcip rate-match rate-interval 10',
    ],
    ['-j CONNMARK --set-xmark 0xa00/0xff00', ' CONNMARK xset 0xa00/0xff00'],
    ['-j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff', ' CONNMARK save'],
    ['-j CHECKSUM --checksum-fill', ' CHECKSUM fill'],
    ['-m iprange --src-range 10.0.0.1-10.0.0.9', ' source IP range 10.0.0.1-10.0.0.9'],
    ['-m iprange ! --dst-range 10.0.0.1-10.0.0.9', ' destination IP range ! 10.0.0.1-10.0.0.9'],
    ['-p sctp -m sctp --dport 1:65535 --chunk-types all INIT', ' sctp dpts:1:65535 all 0x0001'],
    ['-m policy --dir in --pol ipsec --proto esp', ' policy match dir in pol ipsec proto 50'],
    [
      '-m time --timestart 01:02:03 --timestop 04:05:06 --weekdays Mon,Fri',
      ' TIME from 01:02:03 to 04:05:06 on Mon,Fri UTC',
    ],
    ['-m connlimit --connlimit-above 10 --connlimit-mask 32 --connlimit-saddr', ' #conn src/32 > 10'],
  ])('%s', (spec, extra) => {
    expect(columns(spec).extra).toBe(extra);
  });

  it('NOTRACK is listed as iptables shows it: target CT, text NOTRACK', () => {
    const c = columns('-j NOTRACK');
    expect([c.target, c.extra]).toEqual(['CT', ' NOTRACK']);
  });

  it('eui64 prints nothing on nft and its name on legacy (no print function there)', () => {
    expect(columns('-m eui64', 'ipv6').extra).toBe('');
    expect(columns('-m eui64', 'ipv6', 'legacy').extra).toBe('eui64 ');
  });
});

describe('older and shorthand spellings list as the kernel keeps them', () => {
  it.each([
    ['-s 10.11.12.13/255.0.0.0 -j DROP', 'source', '10.0.0.0/8'],
    ['-s 10.11.12.13/255.0.255.0 -j DROP', 'source', '10.0.12.0/255.0.255.0'],
    ['-p tcp --syn -j ACCEPT', 'extra', ' tcp flags:0x17/0x02'],
    ['-p tcp --dport ssh -j ACCEPT', 'extra', ' tcp dpt:22'],
    ['-p tcp --sport 1024: -j ACCEPT', 'extra', ' tcp spts:1024:65535'],
    ['-m mark --mark 4294967295', 'extra', ' mark match 0xffffffff'],
    ['-m tos --tos Minimize-Delay', 'extra', ' tos match0x10/0x3f'],
    ['-j TOS --and-tos 0x12', 'extra', ' TOS set 0x00/0xed'],
    ['-m recent --set', 'extra', ' recent: SET name: DEFAULT side: source mask: 255.255.255.255'],
    ['-p tcp -j DNAT --to-destination 1.1.1.1:ftp-data', 'extra', ' to:1.1.1.1:20'],
    ['-p tcp -j REDIRECT --to-ports 512-512', 'extra', ' redir ports 512'],
  ] as const)('%s', (spec, column, text) => {
    expect(columns(spec)[column]).toBe(text);
  });

  it('an IPv6 REJECT without --reject-with is icmp6-port-unreachable', () => {
    expect(columns('-j REJECT', 'ipv6').extra).toBe(' reject-with icmp6-port-unreachable');
  });
});

describe('extensions this machine cannot load, printed as their iptables 1.8.9 print functions do', () => {
  it.each([
    ['-j LED --led-trigger-id foo', ' led-trigger-id:"foo" led-delay:0ms'],
    [
      '-j LED --led-trigger-id "a\\"b" --led-delay inf --led-always-blink',
      ' led-trigger-id:"a\\"b" led-delay:inf led-always-blink',
    ],
    ['-j SECMARK --selctx system_u:object_r:ssh_packet_t:s0', ' SECMARK selctx system_u:object_r:ssh_packet_t:s0'],
    [
      '-d 10.31.3.236/32 -i lo -j CLUSTERIP --new --hashmode sourceip --clustermac 01:aa:7b:47:f7:d7 ' +
        '--total-nodes 2 --local-node 1 --hash-init 1',
      ' CLUSTERIP hashmode=sourceip clustermac=01:AA:7B:47:F7:D7 total_nodes=2 local_node=1 hash_init=1',
    ],
    ['-m ipvs --vaddr 1.2.3.4/32 --vport 80 --vdir ORIGINAL', ' vaddr 1.2.3.4/32 vport 80 vdir ORIGINAL'],
    ['-m nfacct --nfacct-name http-traffic', ' nfacct-name http-traffic'],
  ])('%s', (spec, extra) => {
    expect(columns(spec).extra).toBe(extra);
  });
});
