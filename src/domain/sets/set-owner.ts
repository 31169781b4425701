/**
 * The program that owns a set, as for chains (chain-owners.ts): fail2ban's `f2b-*`, Docker's `docker-*`
 * (`docker-ext-bridges-v4`), and the owners known by their chain names. Its owner rewrites such a set: the view
 * keeps it read-only unless the admin says to edit it anyway. Pure.
 */
import { ownerOf } from '../model/chain-owners.js';

/** Set names whose owners name them in lower case, unlike their chains. */
const SET_OWNERS: readonly (readonly [RegExp, string])[] = [
  [/^(f2b-|fail2ban-)/, 'fail2ban'],
  [/^docker-/, 'Docker'],
  [/^(kube-|KUBE-)/, 'kube-proxy'],
  [/^cali/, 'Calico'],
  [/^(crowdsec|CROWDSEC)/, 'CrowdSec'],
  [/^(ufw|ufw6)-/, 'ufw'],
  [/^(sshguard)/, 'sshguard'],
  [/^(cilium|CILIUM)/, 'Cilium'],
  [/^(ts-|tailscale)/, 'Tailscale'],
];

/** The program that creates and rewrites set `name` ("fail2ban", "Docker"), or null for the admin's own. */
export function setOwner(name: string): string | null {
  const known = SET_OWNERS.find(([re]) => re.test(name))?.[1];
  if (known) return known;
  const chain = ownerOf(name);
  return chain?.rewrites ? chain.program : null;
}
