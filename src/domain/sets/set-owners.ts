/**
 * IP sets that other programs create and refill (fail2ban's bans, Docker's
 * bridges, kube-proxy's services, CrowdSec's and sshguard's blocklists),
 * known by their names. Saving for boot leaves them out: their owners
 * recreate them when they start. Pure.
 */
import { ownerOf } from '../model/chain-owners.js';

/** Set names whose owner is not named like its chains; first match wins. */
const SET_OWNERS: readonly (readonly [RegExp, string])[] = [
  [/^docker-/, 'Docker'],
  [/^cali[46]/, 'Calico'],
  [/^crowdsec6?-/, 'CrowdSec'],
  [/^sshguard[46]?$/, 'sshguard'],
  [/^ufw6?-/, 'ufw'],
];

/** The program that creates and refills this set ("fail2ban", "Docker"…), or null for the admin's own. */
export function setOwner(name: string): string | null {
  const own = SET_OWNERS.find(([re]) => re.test(name))?.[1];
  if (own) return own;
  // fail2ban (f2b-*), kube-proxy (KUBE-*) and friends name their sets like their chains.
  const chain = ownerOf(name);
  return chain?.rewrites ? chain.program : null;
}
