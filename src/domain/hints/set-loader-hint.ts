/**
 * What an admin runs so IP sets come back at boot before the rules that use
 * them: the distribution's own set loader, installed and enabled. Pure.
 */

/** The set loaders fwtui saves for, one per boot loader family (see domain/boot/set-loader.ts). */
export type SetLoaderKind = 'ipset-persistent' | 'ipset-service' | 'arch-ipset' | 'alpine-ipset' | 'gentoo-ipset';

const INSTALL: Readonly<Record<SetLoaderKind, string>> = {
  'ipset-persistent': 'apt-get install ipset-persistent',
  'ipset-service': 'dnf install ipset-service && systemctl enable ipset',
  'arch-ipset': 'pacman -S ipset && systemctl enable ipset',
  'alpine-ipset': 'apk add ipset && rc-update add ipset',
  'gentoo-ipset': 'emerge net-firewall/ipset && rc-update add ipset default',
};

const ENABLE: Readonly<Record<SetLoaderKind, string>> = {
  'ipset-persistent': 'systemctl enable netfilter-persistent',
  'ipset-service': 'systemctl enable ipset',
  'arch-ipset': 'systemctl enable ipset',
  'alpine-ipset': 'rc-update add ipset',
  'gentoo-ipset': 'rc-update add ipset default',
};

/** The command that installs (and enables) the set loader. */
export const installSetLoader = (kind: SetLoaderKind): string => INSTALL[kind];

/** The command that enables an installed set loader. */
export const enableSetLoader = (kind: SetLoaderKind): string => ENABLE[kind];

/** For a machine with no known rules loader: the set loader its distribution has, by os-release ID and ID_LIKE. */
export function setLoaderFor(ids: readonly string[]): SetLoaderKind | null {
  const has = (...names: string[]): boolean => names.some((n) => ids.includes(n));
  if (has('debian', 'ubuntu')) return 'ipset-persistent';
  if (has('rhel', 'fedora', 'centos', 'rocky', 'almalinux')) return 'ipset-service';
  if (has('arch')) return 'arch-ipset';
  if (has('alpine')) return 'alpine-ipset';
  if (has('gentoo')) return 'gentoo-ipset';
  return null;
}
