/**
 * Filesystem roots the way each distribution lays out its iptables boot
 * loader: os-release plus the loader's own files (executables are empty
 * stand-ins; only their presence counts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface DistroRoot {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  /** What fwtui must write there. */
  readonly expect: {
    readonly loader: string;
    readonly ipv4: string;
    readonly ipv6: string | null;
    readonly mode: number;
    readonly counters: boolean;
    readonly backup: string;
  };
}

const osRelease = (id: string, like = ''): string => `NAME="${id}"\nID=${id}\n${like ? `ID_LIKE="${like}"\n` : ''}`;
const RHEL_CONFIG = 'IPTABLES_MODULES=""\nIPTABLES_SAVE_ON_STOP="no"\nIPTABLES_SAVE_COUNTER="no"\n';

export const DISTROS: readonly DistroRoot[] = [
  {
    name: 'Debian 12',
    files: {
      '/etc/os-release': osRelease('debian'),
      '/usr/sbin/netfilter-persistent': '',
      '/usr/share/netfilter-persistent/plugins.d/15-ip4tables': '',
      '/usr/share/netfilter-persistent/plugins.d/25-ip6tables': '',
      '/etc/systemd/system/multi-user.target.wants/netfilter-persistent.service': '',
    },
    expect: {
      loader: 'netfilter-persistent',
      ipv4: '/etc/iptables/rules.v4',
      ipv6: '/etc/iptables/rules.v6',
      mode: 0o640,
      counters: false,
      backup: '.bak',
    },
  },
  {
    name: 'Ubuntu 24.04',
    files: {
      '/etc/os-release': osRelease('ubuntu', 'debian'),
      '/usr/sbin/netfilter-persistent': '',
      '/usr/share/netfilter-persistent/plugins.d/15-ip4tables': '',
      '/usr/share/netfilter-persistent/plugins.d/25-ip6tables': '',
      '/etc/systemd/system/multi-user.target.wants/netfilter-persistent.service': '',
    },
    expect: {
      loader: 'netfilter-persistent',
      ipv4: '/etc/iptables/rules.v4',
      ipv6: '/etc/iptables/rules.v6',
      mode: 0o640,
      counters: false,
      backup: '.bak',
    },
  },
  {
    name: 'RHEL 9',
    files: {
      '/etc/os-release': osRelease('rhel', 'fedora'),
      '/etc/sysconfig/iptables-config': RHEL_CONFIG,
      '/etc/sysconfig/ip6tables-config': RHEL_CONFIG,
      '/usr/lib/systemd/system/iptables.service': 'ExecStart=/usr/libexec/iptables/iptables.init start\n',
      '/etc/systemd/system/multi-user.target.wants/iptables.service': '',
    },
    expect: {
      loader: 'iptables-services',
      ipv4: '/etc/sysconfig/iptables',
      ipv6: '/etc/sysconfig/ip6tables',
      mode: 0o600,
      counters: false,
      backup: '.save',
    },
  },
  {
    name: 'Fedora 40',
    files: {
      '/etc/os-release': osRelease('fedora'),
      '/etc/sysconfig/iptables-config': RHEL_CONFIG.replace('COUNTER="no"', 'COUNTER="yes"'),
      '/usr/lib/systemd/system/iptables.service': 'ExecStart=/usr/libexec/iptables/iptables.init start\n',
      '/etc/systemd/system/basic.target.wants/iptables.service': '',
    },
    expect: {
      loader: 'iptables-services',
      ipv4: '/etc/sysconfig/iptables',
      ipv6: '/etc/sysconfig/ip6tables',
      mode: 0o600,
      counters: true,
      backup: '.save',
    },
  },
  {
    name: 'CentOS 7',
    files: {
      '/etc/os-release': osRelease('centos', 'rhel fedora'),
      '/etc/sysconfig/iptables-config': RHEL_CONFIG,
      '/usr/lib/systemd/system/iptables.service': 'ExecStart=/usr/libexec/iptables/iptables.init start\n',
      '/etc/systemd/system/basic.target.wants/iptables.service': '',
    },
    expect: {
      loader: 'iptables-services',
      ipv4: '/etc/sysconfig/iptables',
      ipv6: '/etc/sysconfig/ip6tables',
      mode: 0o600,
      counters: false,
      backup: '.save',
    },
  },
  {
    name: 'Arch',
    files: {
      '/etc/os-release': osRelease('arch'),
      '/usr/lib/systemd/system/iptables.service':
        '[Service]\nType=oneshot\nExecStart=/usr/bin/iptables-restore /etc/iptables/iptables.rules\n',
      '/usr/lib/systemd/system/ip6tables.service':
        '[Service]\nType=oneshot\nExecStart=/usr/bin/ip6tables-restore /etc/iptables/ip6tables.rules\n',
      '/etc/systemd/system/multi-user.target.wants/iptables.service': '',
    },
    expect: {
      loader: 'iptables.service',
      ipv4: '/etc/iptables/iptables.rules',
      ipv6: '/etc/iptables/ip6tables.rules',
      mode: 0o644,
      counters: false,
      backup: '.bak',
    },
  },
  {
    name: 'Alpine 3.20',
    files: {
      '/etc/os-release': osRelease('alpine'),
      '/etc/init.d/iptables': '',
      '/etc/init.d/ip6tables': '',
      '/etc/conf.d/iptables':
        'IPTABLES_SAVE="/etc/iptables/rules-save"\nSAVE_RESTORE_OPTIONS="-c"\nSAVE_ON_STOP="yes"\n',
      '/etc/conf.d/ip6tables': 'IPTABLES_SAVE="/etc/iptables/rules6-save"\nSAVE_ON_STOP="yes"\n',
      '/etc/runlevels/default/iptables': '',
    },
    expect: {
      loader: 'OpenRC iptables',
      ipv4: '/etc/iptables/rules-save',
      ipv6: '/etc/iptables/rules6-save',
      mode: 0o600,
      counters: false,
      backup: '.bak',
    },
  },
  {
    name: 'Gentoo',
    files: {
      '/etc/os-release': osRelease('gentoo'),
      '/etc/init.d/iptables': '',
      '/etc/init.d/ip6tables': '',
      '/etc/conf.d/iptables': 'IPTABLES_SAVE="/var/lib/iptables/rules-save"\nSAVE_ON_STOP="yes"\n',
      '/etc/conf.d/ip6tables': 'IP6TABLES_SAVE="/var/lib/ip6tables/rules-save"\nSAVE_ON_STOP="yes"\n',
      '/etc/runlevels/default/iptables': '',
    },
    expect: {
      loader: 'OpenRC iptables',
      ipv4: '/var/lib/iptables/rules-save',
      ipv6: '/var/lib/ip6tables/rules-save',
      mode: 0o600,
      counters: false,
      backup: '.bak',
    },
  },
  {
    name: 'an unknown distribution',
    files: { '/etc/os-release': osRelease('plan9') },
    expect: {
      loader: 'no boot loader',
      ipv4: '/etc/fwtui/rules.v4',
      ipv6: '/etc/fwtui/rules.v6',
      mode: 0o600,
      counters: false,
      backup: '.bak',
    },
  },
];

/** Lays out one distribution's files under `root`. */
export async function makeRoot(root: string, distro: DistroRoot): Promise<void> {
  for (const [path, text] of Object.entries(distro.files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}
