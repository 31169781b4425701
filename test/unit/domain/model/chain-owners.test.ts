import { describe, expect, it } from 'vitest';
import { ownedChainWarning, ownerOf, ownerText } from '../../../../src/domain/model/chain-owners.js';

describe('chains other programs own', () => {
  it('knows Docker, fail2ban, kube-proxy, ufw, CNI, Calico and more by name', () => {
    const names = [
      'DOCKER',
      'DOCKER-ISOLATION-STAGE-1',
      'DOCKER-USER',
      'f2b-sshd',
      'fail2ban-ssh',
      'KUBE-SERVICES',
      'ufw-user-input',
      'ufw6-before-input',
      'CNI-HOSTPORT-DNAT',
      'cali-FORWARD',
      'FLANNEL-FWD',
      'LIBVIRT_INP',
      'NETAVARK_FORWARD',
      'ts-input',
      'MYCHAIN',
      'docker',
    ];
    expect(names.map((n) => ownerOf(n)?.program ?? null)).toEqual([
      'Docker',
      'Docker',
      'Docker',
      'fail2ban',
      'fail2ban',
      'kube-proxy',
      'ufw',
      'ufw',
      'a CNI plugin',
      'Calico',
      'flannel',
      'libvirt',
      'Podman (netavark)',
      'Tailscale',
      null,
      null,
    ]);
  });
  it("warns an edit to a chain its owner rewrites, not to DOCKER-USER (the admin's own place)", () => {
    expect(ownedChainWarning('DOCKER')).toBe(
      'DOCKER belongs to Docker: Docker rewrites this chain when ' +
        'it restarts or a container starts; this edit may not last',
    );
    expect(ownedChainWarning('f2b-sshd')).toMatch(/fail2ban adds and removes rules here/);
    expect(ownedChainWarning('DOCKER-USER')).toBeNull();
    expect(ownedChainWarning('INPUT')).toBeNull();
  });
});

describe("DOCKER-USER is the admin's (#14)", () => {
  it("is named Docker's hook, yours to edit, not owned by Docker; DOCKER still is", () => {
    expect(ownerText(ownerOf('DOCKER-USER')!)).toBe("Docker's hook, yours to edit");
    expect(ownerOf('DOCKER-USER')!.label).toBe('yours');
    expect(ownerText(ownerOf('DOCKER')!)).toBe('owned by Docker');
    expect(ownerOf('DOCKER')!.label).toBe('Docker');
  });
});

describe('the review names owned chains', () => {
  it('a change to DOCKER says Docker rewrites it; one to DOCKER-USER does not', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseSave } = await import('../../../../src/domain/text/parse-save.js');
    const { applyEdit } = await import('../../../../src/domain/edit/edits.js');
    const { diffTable } = await import('../../../../src/domain/diff/table-diff.js');
    const { summarizeTable } = await import('../../../../src/domain/commit/change-summary.js');
    const filter = parseSave(readFileSync('test/fixtures/docker-style.v4.save', 'utf8')).tables.find(
      (t) => t.name === 'filter',
    )!;
    const staged = [
      { kind: 'insert' as const, chain: 'DOCKER', at: 0, spec: '-s 192.0.2.9/32 -j DROP' },
      { kind: 'insert' as const, chain: 'DOCKER-USER', at: 0, spec: '-s 192.0.2.9/32 -j DROP' },
    ].reduce(applyEdit, filter);
    const lines = summarizeTable(diffTable(filter, staged, new Map()));
    expect(lines.find((l) => l.startsWith('filter DOCKER:'))).toMatch(
      /\(warning: DOCKER belongs to Docker: Docker rewrites this chain/,
    );
    expect(lines.find((l) => l.startsWith('filter DOCKER-USER:'))).not.toMatch(/warning/);
  });
});
