import { describe, expect, it } from 'vitest';
import { ownedChainWarning, ownerOf } from '../../src/domain/chain-owners.js';

describe('chains other programs own', () => {
  it('knows Docker, fail2ban, kube-proxy, ufw, CNI, Calico and more by name', () => {
    const names = ['DOCKER', 'DOCKER-ISOLATION-STAGE-1', 'DOCKER-USER', 'f2b-sshd', 'fail2ban-ssh', 'KUBE-SERVICES', 'ufw-user-input',
      'ufw6-before-input', 'CNI-HOSTPORT-DNAT', 'cali-FORWARD', 'FLANNEL-FWD', 'LIBVIRT_INP', 'NETAVARK_FORWARD', 'ts-input', 'MYCHAIN', 'docker'];
    expect(names.map((n) => ownerOf(n)?.program ?? null)).toEqual(['Docker', 'Docker', 'Docker', 'fail2ban', 'fail2ban', 'kube-proxy', 'ufw',
      'ufw', 'a CNI plugin', 'Calico', 'flannel', 'libvirt', 'Podman (netavark)', 'Tailscale', null, null]);
  });
  it('warns an edit to a chain its owner rewrites, not to DOCKER-USER (the admin\'s own place)', () => {
    expect(ownedChainWarning('DOCKER')).toBe('DOCKER belongs to Docker: Docker rewrites this chain when it restarts or a container starts; this edit may not last');
    expect(ownedChainWarning('f2b-sshd')).toMatch(/fail2ban adds and removes rules here/);
    expect(ownedChainWarning('DOCKER-USER')).toBeNull();
    expect(ownedChainWarning('INPUT')).toBeNull();
  });
});
