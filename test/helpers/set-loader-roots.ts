/**
 * The IP set loader each distribution installs beside its iptables loader
 * (files added to a fake root of fake-roots.ts), where it reads the sets and
 * what fwtui says to run when it is missing.
 */

export interface SetLoaderRoot {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  /** The file, or the directory (with a trailing /), the loader reads. */
  readonly where: string;
  /** What fwtui says to run when the loader is not installed. */
  readonly install: string;
}

const DEBIAN: SetLoaderRoot = {
  name: 'ipset-persistent',
  files: { '/usr/share/netfilter-persistent/plugins.d/10-ipset': '' },
  where: '/etc/iptables/ipsets',
  install: 'apt-get install ipset-persistent',
};
const RHEL: SetLoaderRoot = {
  name: 'ipset-service',
  files: {
    '/usr/lib/systemd/system/ipset.service': 'ExecStart=/usr/libexec/ipset/ipset.start-stop start\n',
    '/usr/libexec/ipset/ipset.start-stop': 'IPSET_DATA_DIR=/etc/sysconfig/ipset.d\n',
    '/etc/systemd/system/multi-user.target.wants/ipset.service': '',
  },
  where: '/etc/sysconfig/ipset.d/',
  install: 'dnf install ipset-service && systemctl enable ipset',
};

/** By the distribution's name in DISTROS. */
export const SET_LOADERS: Readonly<Record<string, SetLoaderRoot>> = {
  'Debian 12': DEBIAN,
  'Ubuntu 24.04': DEBIAN,
  'RHEL 9': RHEL,
  'Fedora 40': RHEL,
  'CentOS 7': RHEL,
  Arch: {
    name: 'ipset.service',
    files: {
      '/usr/lib/systemd/system/ipset.service':
        '[Service]\nType=oneshot\nExecStart=/usr/bin/ipset -f /etc/ipset.conf restore\nRemainAfterExit=yes\n',
      '/etc/systemd/system/multi-user.target.wants/ipset.service': '',
    },
    where: '/etc/ipset.conf',
    install: 'pacman -S ipset && systemctl enable ipset',
  },
  'Alpine 3.20': {
    name: 'OpenRC ipset',
    files: { '/etc/init.d/ipset': '#!/sbin/openrc-run\nDIR=/etc/ipset.d\n', '/etc/runlevels/default/ipset': '' },
    where: '/etc/ipset.d/',
    install: 'apk add ipset && rc-update add ipset',
  },
  Gentoo: {
    name: 'OpenRC ipset',
    files: {
      '/etc/init.d/ipset': '#!/sbin/openrc-run\nIPSET_SAVE=/var/lib/ipset/rules-save\n',
      '/etc/conf.d/ipset': 'IPSET_SAVE="/var/lib/ipset/rules-save"\nSAVE_ON_STOP="no"\n',
      '/etc/runlevels/default/ipset': '',
    },
    where: '/var/lib/ipset/rules-save',
    install: 'emerge net-firewall/ipset && rc-update add ipset default',
  },
};
