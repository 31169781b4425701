import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dnatPorts, MAX_LISTED_PORTS } from '../../../../src/domain/exposure/dnat-ports.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const docker = parseSave(readFileSync('test/fixtures/docker-style.v4.save', 'utf8'), { family: 'ipv4' });
const nat = (lines: string[], chains: string[] = []) =>
  parseSave(
    ['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]']
      .concat(
        chains.map((c) => `:${c} - [0:0]`),
        lines,
        ['COMMIT', ''],
      )
      .join('\n'),
    { family: 'ipv4' },
  );

describe('dnatPorts', () => {
  it("lists Docker's published ports through nat PREROUTING → DOCKER, with -d, ! -i and the destination", () => {
    const ports = dnatPorts(docker, 'ipv4');
    expect(ports.map((p) => [p.proto, p.port, p.bindAddress, p.inNot, p.inOnly, p.to, p.rule.number])).toEqual([
      ['udp', 5353, '127.0.0.1/32', ['docker0'], null, '172.17.0.3:53', 1],
      ['tcp', 8080, null, ['docker0'], null, '172.17.0.2:80', 2],
      ['tcp', 8443, null, ['docker0'], null, '172.17.0.2:443', 3],
      ['tcp', 5432, '10.1.2.3/32', ['br-5c1a2b3c4d5e'], null, '172.18.0.2:5432', 4],
    ]);
    expect(ports[1]!.rule).toMatchObject({ table: 'nat', chain: 'DOCKER', spec: expect.stringContaining('8080') });
    expect(ports.every((p) => p.kind === 'DNAT')).toBe(true);
    expect(dnatPorts(docker, 'ipv6')).toEqual([]);
  });

  it('REDIRECT, multiport, -i from the jump, gotos, and a loop does not hang', () => {
    const ports = dnatPorts(
      nat(
        [
          '-A PREROUTING -i eth0 -j WEB',
          '-A PREROUTING -g LOOP',
          '-A WEB -p tcp -m multiport --dports 80,443 -j REDIRECT --to-ports 3128',
          '-A WEB -p udp -m udp --dport 53 -j REDIRECT',
          '-A LOOP -j LOOP',
        ],
        ['LOOP', 'WEB'],
      ),
      'ipv4',
    );
    expect(ports.map((p) => [p.proto, p.port, p.inOnly, p.to, p.kind])).toEqual([
      ['tcp', 80, 'eth0', ':3128', 'REDIRECT'],
      ['tcp', 443, 'eth0', ':3128', 'REDIRECT'],
      ['udp', 53, 'eth0', null, 'REDIRECT'],
    ]);
  });

  it('a rule without a port, a negated port or a range: one range entry (reason past MAX_LISTED_PORTS)', () => {
    const ports = dnatPorts(
      nat([
        '-A PREROUTING -d 10.0.0.1/32 -j DNAT --to-destination 10.9.0.1',
        '-A PREROUTING -p tcp -m tcp ! --dport 22 -j DNAT --to-destination 10.9.0.2',
        `-A PREROUTING -p udp -m udp --dport 1000:${1000 + MAX_LISTED_PORTS} -j DNAT --to-destination 10.9.0.3`,
        `-A PREROUTING -p udp -m udp --dport 2000:${2000 + MAX_LISTED_PORTS - 1} -j DNAT --to-destination 10.9.0.4`,
      ]),
      'ipv4',
    );
    expect(ports.slice(0, 5).map((p) => [p.proto, p.port, p.lastPort, p.reason])).toEqual([
      ['tcp', 1, 65535, 'every tcp port (the rule names none)'],
      ['udp', 1, 65535, 'every udp port (the rule names none)'],
      ['tcp', 1, 65535, 'every tcp port but 22'],
      ['udp', 1000, 1000 + MAX_LISTED_PORTS, `${MAX_LISTED_PORTS + 1} ports: listed as ranges`],
      ['udp', 2000, 2000 + MAX_LISTED_PORTS - 1, undefined],
    ]);
    expect(ports).toHaveLength(5);
  });
});
