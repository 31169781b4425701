import { describe, expect, it } from 'vitest';
import { lockoutWarnings, type Protect } from '../../../../src/domain/analysis/lockout.js';
import { parseRouteLines } from '../../../../src/domain/analysis/routing.js';
import type { Ruleset } from '../../../../src/domain/model/ruleset.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const FILTER = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';
const NAT = (rule: string) =>
  '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n' +
  `${rule}\nCOMMIT\n`;
const facts = (rs: Ruleset): Ruleset => ({
  ...rs,
  localAddresses: [{ iface: 'eth0', address: '10.89.0.1', prefix: 24 }],
  routing: { forwarding: true, routes: parseRouteLines('10.89.0.0/24 dev eth0\n172.17.0.0/16 dev docker0') },
});
const protect: Protect = {
  how: 'own',
  sshPorts: [22],
  sessions: [
    { family: 'ipv4', client: '10.89.0.2', clientPort: 5000, server: '10.89.0.1', serverPort: 22, inInterface: 'eth0' },
  ],
};
const live = facts(parseSave(FILTER));
const staged = (rule: string) => facts(parseSave(FILTER + NAT(rule)));

describe('lockout check through address translation', () => {
  it("a staged DNAT of the SSH port to a container: new SSH connections would not reach this machine's sshd", () => {
    const w = lockoutWarnings(
      staged('-A PREROUTING -p tcp -m tcp --dport 22 -j DNAT --to-destination 172.17.0.2:22'),
      live,
      protect,
    );
    expect(w.map((x) => x.message)).toEqual([
      "SSH 10.89.0.2:5000 -> 10.89.0.1:22: a new SSH connection from the same client is DNAT'd by nat PREROUTING " +
        "rule 1 to 172.17.0.2:22 and forwarded: it would not reach this machine's sshd",
    ]);
  });

  it('a REDIRECT to a port sshd does not listen on is named; one to its own port, or already there, is not', () => {
    const w = lockoutWarnings(
      staged('-A PREROUTING -p tcp -m tcp --dport 22 -j REDIRECT --to-ports 2222'),
      live,
      protect,
    );
    expect(w.map((x) => x.message)).toEqual([
      'SSH 10.89.0.2:5000 -> 10.89.0.1:22: a new SSH connection from the same client is redirected by nat ' +
        'PREROUTING rule 1 to 10.89.0.1:2222: port 2222 is not one sshd listens on',
    ]);
    expect(lockoutWarnings(staged('-A PREROUTING -p tcp -m tcp --dport 22 -j REDIRECT'), live, protect)).toEqual([]);
    const already = staged('-A PREROUTING -p tcp -m tcp --dport 22 -j REDIRECT --to-ports 2222');
    expect(lockoutWarnings(already, already, protect)).toEqual([]);
  });
});
