/**
 * Chains other programs create and rebuild (Docker, kube-proxy, fail2ban,
 * CNI plugins, ufw): fwtui leaves them out of boot files and will not delete
 * them on apply without being told. Named by the prefixes those programs use. Pure.
 */
const OWNERS: readonly (readonly [RegExp, string])[] = [
  [/^DOCKER/, 'Docker'],
  [/^KUBE-/, 'kube-proxy'],
  [/^f2b-/, 'fail2ban'],
  [/^CNI-/, 'a CNI plugin'],
  [/^ufw6?-/, 'ufw'],
];

/** The program that creates and rebuilds this chain ("Docker", "fail2ban"…), or null for the admin's own. */
export function chainOwner(name: string): string | null {
  return OWNERS.find(([re]) => re.test(name))?.[1] ?? null;
}
