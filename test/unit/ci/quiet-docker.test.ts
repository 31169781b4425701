/**
 * .ci/quiet-docker: installing docker.io on the CI host enables docker.service, docker.socket and containerd.service
 * (policy-rc.d stops starts, not enabling), so the next boot's dockerd would write the host's firewall. The script
 * disables and masks them (systemctl when there is one), again and again, and fails while any stays enabled.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../../../.ci/quiet-docker');
const UNITS = ['docker.service', 'docker.socket', 'containerd.service'];
const WANTS: Record<string, string> = {
  'docker.service': 'multi-user.target.wants',
  'docker.socket': 'sockets.target.wants',
  'containerd.service': 'multi-user.target.wants',
};
let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A root as docker.io's install leaves it: the units installed and enabled. */
function installedRoot(): string {
  root = mkdtempSync(join(tmpdir(), 'fwtui-ci-'));
  mkdirSync(join(root, 'lib/systemd/system'), { recursive: true });
  for (const u of UNITS) {
    const unit = join(root, 'lib/systemd/system', u);
    const target = u.endsWith('.socket') ? 'sockets.target' : 'multi-user.target';
    writeFileSync(unit, `[Unit]\nDescription=${u}\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=${target}\n`);
    mkdirSync(join(root, 'etc/systemd/system', WANTS[u]!), { recursive: true });
    symlinkSync(`/lib/systemd/system/${u}`, join(root, 'etc/systemd/system', WANTS[u]!, u));
  }
  return root;
}
const enabled = (r: string): string[] =>
  Object.values(WANTS).flatMap((w) => {
    const dir = join(r, 'etc/systemd/system', w);
    return existsSync(dir) ? readdirSync(dir).filter((u) => UNITS.includes(u)) : [];
  });
const masked = (r: string, u: string): boolean =>
  lstatSync(join(r, 'etc/systemd/system', u)).isSymbolicLink() &&
  readlinkSync(join(r, 'etc/systemd/system', u)) === '/dev/null';
const run = (r: string, systemctl: string) =>
  execa('bash', [SCRIPT, r], { reject: false, env: { SYSTEMCTL: systemctl } });

describe('.ci/quiet-docker', () => {
  for (const [how, systemctl] of [
    ['with systemctl', 'systemctl'],
    ['without systemctl (a CI container)', ''],
  ] as const) {
    it(`${how}: disables and masks the three units, and again on the next run`, async () => {
      const r = installedRoot();
      for (const _ of [1, 2]) {
        const out = await run(r, systemctl);
        expect(out.exitCode, out.stderr).toBe(0);
        expect(enabled(r)).toEqual([]);
        for (const u of UNITS) expect(masked(r, u), u).toBe(true);
      }
    });
  }

  it('fails, naming them, when the units stay enabled', async () => {
    const r = installedRoot();
    const out = await run(r, '/bin/true');
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(/Docker units still enabled.*docker\.service/);
  });
});
