/** fwtui's exit codes (documented in README.md). */
export const EXIT = {
  ok: 0,
  /** iptables or another command failed; a chain was not found. */
  failure: 1,
  /** Bad command line. */
  usage: 2,
  /** The ruleset text (a --file, or what iptables printed) could not be read. */
  badInput: 3,
  /** Reading or changing the live firewall needs root. */
  needsRoot: 4,
  /** iptables (or ip from iproute2) is not installed. */
  missingTool: 5,
  /** The commit was not kept: the old rules are back (apply answered no or timed out; confirm came too late). */
  reverted: 6,
  /** A commit is pending: apply refused; status reports one waiting for confirmation. */
  pending: 7,
  /** confirm or revert found no pending commit. */
  nothingPending: 8,
  /** apply refused: the rules may lock the admin out and nobody typed LOCKOUT (or passed --allow-lockout). */
  lockout: 9,
  /** save refused: the file would not load at boot (checked in a fresh namespace); nothing was written. */
  wouldNotLoad: 10,
  /** trace could not answer (a file, the namespace or iptables failed): an error, never a verdict. */
  traceFailed: 11,
  /**
   * apply refused: it would delete or empty other programs' chains (Docker,
   * fail2ban…) and nobody typed FORCE (or passed --force); or, without --backend, the rules are in
   * iptables-legacy and the nf_tables ruleset holds none.
   */
  foreignChains: 12,
  /** Not available here: watch on legacy iptables (TRACE goes to the kernel log, which fwtui cannot read). */
  unavailable: 13,
  /** logs: no LOG or NFLOG rule at all, nothing to read (not a failure to read: that is 13). */
  nothingToRead: 14,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
