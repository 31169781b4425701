/** Which interfaces and addresses the static SSH question asks: few questions on a container host. */
import { describe, expect, it } from 'vitest';
import { parseAddressLines } from '../../../../src/domain/analysis/local-addresses.js';
import { destinationsOn, interfaceChoices } from '../../../../src/domain/analysis/ssh-reach.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const RULES = parseSave('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -i eth0 -p tcp --dport 22 -j ACCEPT\nCOMMIT\n');

describe('the static question on a host with many container veths', () => {
  const veths = Array.from({ length: 100 }, (_, i) => `veth${i}`);
  const lines = [
    '2: eth0    inet 10.0.0.1/24 brd 10.0.0.255 scope global eth0',
    '2: eth0    inet6 fe80::1/64 scope link',
    ...veths.map((v, i) => `${i + 3}: ${v}    inet6 fe80::${(i + 2).toString(16)}/64 scope link`),
  ];
  const addresses = parseAddressLines(lines.join('\n'));

  it('veths with only link-local addresses are one question, as without addresses', () => {
    expect(interfaceChoices([RULES], ['lo', 'eth0', ...veths], addresses)).toEqual(['eth0', 'veth0']);
  });

  it('asks eth0 to its IPv4 address, and link-local IPv6 not at all', () => {
    expect(destinationsOn('eth0', 'ipv4', addresses)).toEqual(['10.0.0.1']);
    expect(destinationsOn('eth0', 'ipv6', addresses)).toEqual([null]);
  });
});
