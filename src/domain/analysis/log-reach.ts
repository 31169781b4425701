/**
 * Whether a namespace's LOG rules reach the kernel log. The LOG target writes from the host's own (init) network
 * namespace, and from any other only when the host-wide `net.netfilter.nf_log_all_netns` is 1; the kernel log is
 * one for the whole machine and its lines do not say which namespace wrote them. `nf_log_all_netns` exists only in
 * the init namespace (measured on Linux 6.x): seeing it in the view's namespace says the view is the host's. Pure.
 */

/** What fwtui read. */
export interface LogReachFacts {
  /** `net.netfilter.nf_log_all_netns` as the view's namespace sees it (null: absent, so not the host's namespace). */
  readonly viewAllNetns: string | null;
  /** The same as fwtui's own namespace sees it (null: absent there too, or unreadable). */
  readonly ownAllNetns: string | null;
}

/** Whether to read the kernel log for LOG rules, and what to say about its lines. */
export interface LogReach {
  /** Read the kernel log: lines from this namespace's LOG rules can be in it. */
  readonly read: boolean;
  /** Why this namespace's LOG rules write nothing (then `read` is false), else null. */
  readonly silent: string | null;
  /** What the admin must know about lines read (other namespaces write to the same log), else null. */
  readonly note: string | null;
}

const SHARED =
  'the kernel log is shared by all network namespaces (nf_log_all_netns is 1): a line with this prefix may come from ' +
  "another namespace's rule";

/**
 * What to do about LOG rules of a namespace other than the host's that write nothing: the setting is host-wide, set
 * in the host's namespace, and then every namespace writes to the one kernel log; NFLOG is read per namespace.
 * Each line fits 80 columns, the command first (a cut line never cuts it).
 */
export const ALL_NETNS_ADVICE: readonly string[] = [
  "sysctl -w net.netfilter.nf_log_all_netns=1 (host-wide: in the host's namespace)",
  "then all namespaces' LOG lines share one kernel log (NFLOG is per namespace)",
];

/** The reach of LOG rules in the view's namespace. */
export function logReach(facts: LogReachFacts): LogReach {
  const on = (v: string | null): boolean => v !== null && v.trim() !== '0';
  if (facts.viewAllNetns !== null) return { read: true, silent: null, note: on(facts.viewAllNetns) ? SHARED : null };
  if (facts.ownAllNetns === null)
    return {
      read: false,
      silent:
        'LOG rules in this namespace write to the kernel log only if the host sets net.netfilter.nf_log_all_netns ' +
        "to 1, which fwtui cannot read from here (it runs outside the host's namespace)",
      note: null,
    };
  if (!on(facts.ownAllNetns))
    return {
      read: false,
      silent: 'LOG rules in this namespace write nothing to the kernel log: net.netfilter.nf_log_all_netns is 0',
      note: null,
    };
  return { read: true, silent: null, note: SHARED };
}
