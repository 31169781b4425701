/** "X is not installed" says what to install on this distribution, and works as printed. */
import { describe, expect, it } from 'vitest';
import {
  installCommand,
  notInstalled,
  packageManager,
  programFamily,
} from '../../../../src/domain/hints/package-hint.js';

describe('install hints per distribution', () => {
  it('picks the package manager from os-release ID and ID_LIKE', () => {
    expect(packageManager(['debian'])).toBe('apt');
    expect(packageManager(['ubuntu', 'debian'])).toBe('apt');
    expect(packageManager(['rocky', 'rhel', 'centos', 'fedora'])).toBe('dnf');
    expect(packageManager(['arch'])).toBe('pacman');
    expect(packageManager(['alpine'])).toBe('apk');
    expect(packageManager(['opensuse-leap', 'suse', 'opensuse'])).toBe('zypper');
    expect(packageManager([])).toBeNull();
  });

  it('names the right package for each program family', () => {
    expect(programFamily('iptables-nft-restore')).toBe('iptables');
    expect(programFamily('/usr/sbin/ip6tables-legacy-save')).toBe('iptables');
    expect(programFamily('xtables-monitor')).toBe('iptables');
    expect(installCommand('ip', ['debian'])).toBe('apt-get install iproute2');
    expect(installCommand('ip', ['rhel'])).toBe('dnf install iproute');
    expect(installCommand('iptables-restore', ['rhel'])).toBe('dnf install iptables-nft');
    expect(installCommand('conntrack', ['alpine'])).toBe('apk add conntrack-tools');
    expect(installCommand('ipset', ['arch'])).toBe('pacman -S ipset');
    expect(installCommand('nft', ['opensuse'])).toBe('zypper install nftables');
  });

  it("gives every manager's line when the distribution is unknown, and never an unknown package", () => {
    expect(installCommand('ip', [])).toBe(
      'apt-get install iproute2 or dnf install iproute or pacman ' +
        '-S iproute2 or apk add iproute2 or zypper install iproute2',
    );
    expect(installCommand('frobnicate', ['debian'])).toBe('install the package that provides frobnicate');
  });

  it('says which program was missing when it is not the family name', () => {
    expect(notInstalled('iptables-save', ['debian'])).toBe(
      'iptables is not installed (iptables-save not found): apt-get install iptables',
    );
    expect(notInstalled('ip', ['fedora'])).toBe('ip is not installed: dnf install iproute');
  });
});
