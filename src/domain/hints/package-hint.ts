/**
 * "X is not installed": which package brings the program, and the command
 * that installs it on this distribution (by os-release ID and ID_LIKE), so
 * the message an admin reads works as printed. Pure.
 */

/** A distribution family's package manager. */
export type PackageManager = 'apt' | 'dnf' | 'pacman' | 'apk' | 'zypper';

/** The programs fwtui runs, and the package that has each, per package manager. */
const PACKAGES: Readonly<Record<string, Readonly<Record<PackageManager, string>>>> = {
  iptables: { apt: 'iptables', dnf: 'iptables-nft', pacman: 'iptables', apk: 'iptables', zypper: 'iptables' },
  ip: { apt: 'iproute2', dnf: 'iproute', pacman: 'iproute2', apk: 'iproute2', zypper: 'iproute2' },
  ss: { apt: 'iproute2', dnf: 'iproute', pacman: 'iproute2', apk: 'iproute2', zypper: 'iproute2' },
  ipset: { apt: 'ipset', dnf: 'ipset', pacman: 'ipset', apk: 'ipset', zypper: 'ipset' },
  nft: { apt: 'nftables', dnf: 'nftables', pacman: 'nftables', apk: 'nftables', zypper: 'nftables' },
  conntrack: {
    apt: 'conntrack',
    dnf: 'conntrack-tools',
    pacman: 'conntrack-tools',
    apk: 'conntrack-tools',
    zypper: 'conntrack-tools',
  },
  tmux: { apt: 'tmux', dnf: 'tmux', pacman: 'tmux', apk: 'tmux', zypper: 'tmux' },
  logger: { apt: 'bsdutils', dnf: 'util-linux', pacman: 'util-linux', apk: 'util-linux-misc', zypper: 'util-linux' },
};

const INSTALL: Readonly<Record<PackageManager, string>> = {
  apt: 'apt-get install',
  dnf: 'dnf install',
  pacman: 'pacman -S',
  apk: 'apk add',
  zypper: 'zypper install',
};

/** The package manager of a distribution, from its os-release ID and ID_LIKE words; null when unknown. */
export function packageManager(ids: readonly string[]): PackageManager | null {
  const has = (...names: string[]): boolean => names.some((n) => ids.includes(n));
  if (has('debian', 'ubuntu')) return 'apt';
  if (has('rhel', 'fedora', 'centos', 'rocky', 'almalinux', 'ol', 'amzn')) return 'dnf';
  if (has('arch', 'manjaro')) return 'pacman';
  if (has('alpine')) return 'apk';
  if (has('suse', 'opensuse', 'sles', 'opensuse-leap', 'opensuse-tumbleweed')) return 'zypper';
  return null;
}

/** The program's name without a path or a backend suffix: `iptables-nft-restore` -> `iptables`. */
export function programFamily(program: string): string {
  const base = program.split('/').pop() ?? program;
  if (/^(ip6?tables|xtables)(-nft|-legacy)?(-save|-restore|-monitor)?$/.test(base) || base.startsWith('xtables-'))
    return 'iptables';
  return base;
}

/**
 * What to run to install `program`, e.g. "apt-get install iproute2"; when
 * the distribution is unknown, every package manager's line.
 */
export function installCommand(program: string, ids: readonly string[]): string {
  const family = programFamily(program);
  const packages = PACKAGES[family];
  if (!packages) return `install the package that provides ${family}`;
  const pm = packageManager(ids);
  if (pm) return `${INSTALL[pm]} ${packages[pm]}`;
  const all = (Object.keys(INSTALL) as PackageManager[]).map((m) => `${INSTALL[m]} ${packages[m]}`);
  return [...new Set(all)].join(' or ');
}

/** "iptables is not installed (iptables-save not found): apt-get install iptables". */
export function notInstalled(program: string, ids: readonly string[]): string {
  const base = program.split('/').pop() ?? program;
  const family = programFamily(program);
  const which = family === base ? '' : ` (${base} not found)`;
  return `${family} is not installed${which}: ${installCommand(program, ids)}`;
}
