/**
 * A real sshd in a server namespace and an ssh client in another, joined by
 * a veth pair (IPv4 and IPv6). Commands run on the server through ssh and
 * then sudo, as an admin would: sudo drops SSH_CONNECTION, so fwtui must find
 * the connection from its parent processes. Keys, config and state live in a
 * private temp directory; sshd is killed and the namespaces deleted after.
 */
import { execa, type ResultPromise } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Family } from '../../src/domain/model/ruleset.js';
import { createNetns, type TestNetns } from './netns.js';
import { FWTUI } from './run-cli.js';

export interface SshLab {
  readonly server: TestNetns;
  readonly client: TestNetns;
  readonly serverIf: string;
  readonly addr: Record<Family, { server: string; client: string }>;
  /** A private directory for rule files (0700). */
  readonly dir: string;
  /** Runs `sudo fwtui ARGS` on the server over ssh (over IPv4 or IPv6). */
  fwtui(
    family: Family,
    args: readonly string[],
    stdin?: string,
  ): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  remove(): Promise<void>;
}

const SAFE = /^[\w@%+=:,./-]+$/;

export async function createSshLab(): Promise<SshLab> {
  const dir = await mkdtemp(join(tmpdir(), 'fwtui-ssh-'));
  const server = await createNetns();
  const client = await createNetns();
  const tag = randomBytes(2).toString('hex');
  const [sv, cv] = [`vs${tag}`, `vc${tag}`];
  const addr = { ipv4: { server: '10.89.0.1', client: '10.89.0.2' }, ipv6: { server: 'fd89::1', client: 'fd89::2' } };
  await server.exec(['ip', 'link', 'add', sv, 'type', 'veth', 'peer', 'name', cv, 'netns', client.name]);
  await server.exec(['ip', 'addr', 'add', `${addr.ipv4.server}/24`, 'dev', sv]);
  await client.exec(['ip', 'addr', 'add', `${addr.ipv4.client}/24`, 'dev', cv]);
  await server.exec(['ip', 'addr', 'add', `${addr.ipv6.server}/64`, 'dev', sv, 'nodad']);
  await client.exec(['ip', 'addr', 'add', `${addr.ipv6.client}/64`, 'dev', cv, 'nodad']);
  await server.exec(['ip', 'link', 'set', sv, 'up']);
  await client.exec(['ip', 'link', 'set', cv, 'up']);

  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host')]);
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id')]);
  await execa('cp', [join(dir, 'id.pub'), join(dir, 'authorized_keys')]);
  const config = [
    'Port 22',
    `ListenAddress ${addr.ipv4.server}`,
    `ListenAddress ${addr.ipv6.server}`,
    `HostKey ${join(dir, 'host')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'StrictModes no',
    'UsePAM no',
    `PidFile ${join(dir, 'sshd.pid')}`,
    'LogLevel ERROR',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
  ].join('\n');
  await writeFile(join(dir, 'sshd_config'), `${config}\n`, { mode: 0o600 });
  // sshd wants its privilege-separation directory (made by its service, which never ran here).
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const sshd: ResultPromise = execa(
    'ip',
    ['netns', 'exec', server.name, '/usr/sbin/sshd', '-D', '-e', '-f', join(dir, 'sshd_config')],
    { reject: false },
  );
  const state = join(dir, 'state');

  const lab: SshLab = {
    server,
    client,
    serverIf: sv,
    addr,
    dir,
    async fwtui(family, args, stdin) {
      const words = ['sudo', '-n', 'env', `FWTUI_STATE_DIR=${state}`, ...FWTUI, ...args];
      const bad = words.find((w) => !SAFE.test(w));
      if (bad) throw new Error(`unsafe word for a remote command: ${bad}`);
      const ssh = [
        '-F',
        '/dev/null',
        '-i',
        join(dir, 'id'),
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'BatchMode=yes',
        '-o',
        'LogLevel=ERROR',
        '-o',
        'ConnectTimeout=5',
        `root@${addr[family].server}`,
        words.join(' '),
      ];
      const r = await execa('ip', ['netns', 'exec', client.name, 'ssh', ...ssh], {
        input: stdin ?? '',
        reject: false,
        timeout: 60_000,
      });
      return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
    },
    async remove() {
      sshd.kill('SIGTERM');
      await Promise.allSettled([sshd]);
      await server.remove();
      await client.remove();
      await rm(dir, { recursive: true, force: true });
    },
  };
  // Wait until sshd answers.
  for (let i = 0; i < 50; i++) {
    const r = await execa(
      'ip',
      ['netns', 'exec', client.name, 'bash', '-c', `exec 3<>/dev/tcp/${addr.ipv4.server}/22`],
      { reject: false },
    );
    if (r.exitCode === 0) return lab;
    await new Promise((res) => setTimeout(res, 100));
  }
  await lab.remove();
  throw new Error('sshd did not start in the test namespace');
}
