/**
 * Chains that other programs create and rewrite (Docker, fail2ban,
 * kube-proxy, ufw, CNI plugins, …), known by their names. One place for
 * this knowledge: the chain list labels them, edits to them are warned,
 * saving for boot leaves them out, apply summaries can mark them. Pure.
 */

/** A program that owns a chain, and what that means for an edit made there. */
export interface ChainOwner {
  /** The program, as admins call it: "Docker", "fail2ban". */
  readonly program: string;
  /**
   * The name admins know it by, for the chain list's 6-column policy column (a longer one is cut there with a
   * mark, never abbreviated here where nobody would see the cut).
   */
  readonly label: string;
  /**
   * What the program does to the chain, for the warning on an edit ("Docker
   * rewrites this chain when it restarts"); null when it leaves edits alone
   * (DOCKER-USER is Docker's place for the admin's own rules).
   */
  readonly rewrites: string | null;
}

const owner = (program: string, label: string, rewrites: string | null): ChainOwner => ({ program, label, rewrites });

const DOCKER = owner('Docker', 'Docker', 'Docker rewrites this chain when it restarts or a container starts');

/** First match wins: exact names before the prefixes they share. */
const OWNERS: readonly (readonly [RegExp, ChainOwner])[] = [
  // Docker creates DOCKER-USER empty and leaves its rules to the admin (Docker's docs: "add rules to DOCKER-USER").
  [/^DOCKER-USER$/, owner('Docker', 'yours', null)],
  [/^DOCKER/, DOCKER],
  [/^KUBE-/, owner('kube-proxy', 'kube', 'kube-proxy (Kubernetes) rewrites this chain at every sync')],
  [
    /^(f2b-|fail2ban-)/,
    owner(
      'fail2ban',
      'f2b',
      'fail2ban adds and removes rules here as it bans, and rebuilds the chain when it restarts',
    ),
  ],
  [/^ufw6?-/, owner('ufw', 'ufw', 'ufw rewrites this chain at every ufw reload and boot (change it with ufw instead)')],
  [/^CNI-/, owner('a CNI plugin', 'CNI', 'the CNI plugin rewrites this chain as containers start and stop')],
  [/^cali-/, owner('Calico', 'calico', 'Calico rewrites this chain continuously')],
  [/^FLANNEL-/, owner('flannel', 'flannel', 'flannel rewrites this chain when it restarts')],
  [/^WEAVE/, owner('Weave Net', 'weave', 'Weave Net rewrites this chain when it restarts')],
  [/^CILIUM_/, owner('Cilium', 'cilium', 'Cilium rewrites this chain when it restarts')],
  [/^LIBVIRT_/, owner('libvirt', 'libvirt', 'libvirt rewrites this chain when a virtual network starts')],
  [/^NETAVARK[-_]/, owner('Podman (netavark)', 'podman', 'Podman rewrites this chain as containers start and stop')],
  [/^ts-/, owner('Tailscale', 'Tailscale', 'Tailscale rewrites this chain when it restarts')],
  [/^CROWDSEC_/, owner('CrowdSec', 'CrowdSec', 'the CrowdSec bouncer rewrites this chain when it restarts')],
  [/^sshguard$/, owner('sshguard', 'sshguard', 'sshguard adds and removes rules here as it blocks')],
];

/**
 * The program that owns a user chain, or null. Built-in chains (INPUT, …)
 * belong to the admin even when programs add rules to them.
 */
export function ownerOf(chain: string): ChainOwner | null {
  return OWNERS.find(([re]) => re.test(chain))?.[1] ?? null;
}

/**
 * How the chain line names the owner: "owned by Docker" for a chain the program rewrites, "Docker's hook, yours to
 * edit" for one it only creates and leaves to the admin (DOCKER-USER).
 */
export function ownerText(owner: ChainOwner): string {
  return owner.rewrites ? `owned by ${owner.program}` : `${owner.program}'s hook, yours to edit`;
}

/** The warning for an edit to a chain another program rewrites ("DOCKER: Docker rewrites …"), or null. */
export function ownedChainWarning(chain: string): string | null {
  const rewrites = ownerOf(chain)?.rewrites;
  return rewrites ? `${chain} belongs to ${ownerOf(chain)!.program}: ${rewrites}; this edit may not last` : null;
}

/**
 * A question about an edit to `chain` (delete, flush), with its owner's warning first when the owner rewrites it:
 * the admin reads it before anything is staged, not only after.
 */
export function withOwnerWarning(chain: string, question: string): string {
  const warning = ownedChainWarning(chain);
  return warning ? `${warning}. ${question}` : question;
}

/** The warning for edits to these chains (the first owned one that is rewritten), or null. */
export function ownedChainsWarning(chains: readonly string[]): string | null {
  for (const chain of new Set(chains)) {
    const warning = ownedChainWarning(chain);
    if (warning) return warning;
  }
  return null;
}
