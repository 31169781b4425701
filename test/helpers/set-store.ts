/** A store over a fake live source with IP sets (a blacklist used by INPUT rule 2, fail2ban's set). */
import { vi } from 'vitest';
import { parseIpsetSave } from '../../src/domain/sets/parse-ipset.js';
import { createAppStore } from '../../src/store/create-app-store.js';
import { FakeSource } from './fake-source.js';

export const SET_RULES = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -m set --match-set blacklist src -j DROP
COMMIT
`;

export const SETS_TEXT = `create blacklist hash:net family inet hashsize 1024 maxelem 65536 counters
add blacklist 203.0.113.0/24 packets 3 bytes 180
add blacklist 198.51.100.7 packets 0 bytes 0
create f2b-sshd hash:ip family inet hashsize 1024 maxelem 65536 timeout 600
add f2b-sshd 192.0.2.9 timeout 412
`;

/** A store over a fake live source with the sets above (`-m set` rule 2 of INPUT). */
export async function setStore(text = SETS_TEXT, rules = SET_RULES) {
  const source = new FakeSource(true, { ipv4: rules });
  let sets = parseIpsetSave(text);
  // Each read is 1000 ms after the one before (ms since epoch, as the real source says when it read).
  let reads = 0;
  source.sets = vi.fn(async () => ({ byName: new Map(sets.map((s) => [s.name, s])), readAt: ++reads * 1000 }));
  // Like the kernel: a commit makes the staged sets what the next read returns.
  source.applySets = (plans) => {
    for (const p of plans) sets = [...sets.filter((x) => x.name !== p.name), ...(p.staged ? [p.staged] : [])];
  };
  const store = createAppStore({ source });
  await store.getState().actions.load();
  const replace = (t: string): void => {
    sets = parseIpsetSave(t);
  };
  return { source, store, a: store.getState().actions, replace };
}
