/** What `fwtui save` says about boot when no boot loader for iptables was found: plainly, with what to install. */
import { describe, expect, it } from 'vitest';
import { describeSave } from '../../../../src/app/boot/boot-saving.js';
import { detectLoader, type BootFacts } from '../../../../src/domain/boot/boot-loader.js';
import type { SaveResult } from '../../../../src/persist/save-boot.js';

const factsOf = (files: Record<string, string>): BootFacts => ({
  exists: (p) => p in files,
  read: (p) => files[p] ?? null,
  list: () => [],
});

const RESULT: SaveResult = {
  written: [{ family: 'ipv4', path: '/etc/fwtui/rules.v4', backup: null }] as unknown as SaveResult['written'],
  warnings: [],
  leftOut: [],
  sets: null,
};

describe('the save message without a boot loader', () => {
  it('says no boot loader was found under the root and names the package to install (Debian)', () => {
    const loader = detectLoader(factsOf({ '/etc/os-release': 'ID=debian\n' }), { root: '/tmp/x' });
    const text = describeSave(RESULT, loader, '/tmp/x');
    expect(text).not.toMatch(/by no boot loader/);
    expect(text).toContain(
      'Saved IPv4 to /tmp/x/etc/fwtui/rules.v4; no boot loader for iptables was found under /tmp/x, so nothing ' +
        'loads this file at boot until one is installed: apt-get install iptables-persistent.',
    );
  });

  it("on this machine: no 'under' part, and the distribution's package (RHEL)", () => {
    const loader = detectLoader(factsOf({ '/etc/os-release': 'ID="rhel"\n' }));
    expect(describeSave(RESULT, loader)).toContain(
      'no boot loader for iptables was found, so nothing loads this file at boot until one is installed: ' +
        'dnf install iptables-services && systemctl enable iptables ip6tables.',
    );
  });
});
