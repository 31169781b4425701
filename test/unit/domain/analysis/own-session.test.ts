/** The connections panel's refusal: is a tracked connection one of the admin's SSH sessions? */
import { describe, expect, it } from 'vitest';
import type { Protect } from '../../../../src/domain/analysis/lockout.js';
import { protectedSessionOf } from '../../../../src/domain/analysis/own-session.js';
import { parseConntrackLine } from '../../../../src/domain/text/conntrack-entries.js';

const protect: Protect = {
  how: 'own',
  sshPorts: [22],
  sessions: [
    {
      family: 'ipv4',
      client: '::ffff:10.0.0.9',
      clientPort: 50022,
      server: '10.0.0.1',
      serverPort: 22,
      inInterface: null,
    },
  ],
};
const entry = (tuples: string) => parseConntrackLine(`ipv4 2 tcp 6 300 ESTABLISHED ${tuples} [ASSURED] mark=0`)!;

describe('protectedSessionOf', () => {
  it('finds the session by its client and server, an IPv4-mapped address read as IPv4', () => {
    const own = entry('src=10.0.0.9 dst=10.0.0.1 sport=50022 dport=22 src=10.0.0.1 dst=10.0.0.9 sport=22 dport=50022');
    expect(protectedSessionOf(own, protect)?.clientPort).toBe(50022);
  });

  it('after a DNAT the server is the reply source (the address sshd sees)', () => {
    const dnat = entry(
      'src=10.0.0.9 dst=203.0.113.1 sport=50022 dport=2222 src=10.0.0.1 dst=10.0.0.9 sport=22 dport=50022',
    );
    expect(protectedSessionOf(dnat, protect)).not.toBeNull();
  });

  it("another client port is someone else's session", () => {
    const other = entry(
      'src=10.0.0.9 dst=10.0.0.1 sport=50023 dport=22 src=10.0.0.1 dst=10.0.0.9 sport=22 dport=50023',
    );
    expect(protectedSessionOf(other, protect)).toBeNull();
  });
});
