import { describe, expect, it } from 'vitest';
import type { ProcView } from '../../../../src/app/admin-sessions.js';
import { socketOwners } from '../../../../src/app/exposure/socket-owners.js';
import { splitTailSections } from '../../../../src/backend/proc-files.js';

/** A /proc with pids in two namespaces: net:[1] (this host) and net:[2] (/run/netns/lab). */
function fakeProc(): ProcView {
  const links: Record<string, string> = {
    '/proc/self/ns/net': 'net:[1]',
    '/proc/10/ns/net': 'net:[1]',
    '/proc/10/fd/3': 'socket:[100]',
    '/proc/20/ns/net': 'net:[2]',
    '/proc/20/fd/0': '/dev/null',
    '/proc/20/fd/4': 'socket:[200]',
    '/proc/20/fd/5': 'socket:[201]',
    '/proc/30/ns/net': 'net:[2]',
    '/proc/30/fd/7': 'socket:[200]',
    '/proc/40/ns/net': 'net:[2]',
    '/proc/40/fd/3': 'socket:[400]',
    '/proc/40/exe': '/usr/bin/node',
    '/proc/50/ns/net': 'net:[2]',
    '/proc/50/fd/3': 'socket:[500]',
    '/proc/50/exe': '/usr/sbin/old-daemon (deleted)',
  };
  const dirs: Record<string, string[]> = {
    '/proc': ['10', '20', '30', '40', '50', 'self', 'sys'],
    '/proc/10/fd': ['3'],
    '/proc/20/fd': ['0', '4', '5'],
    '/proc/30/fd': ['7'],
    '/proc/40/fd': ['3'],
    '/proc/50/fd': ['3'],
  };
  const files: Record<string, string> = {
    '/proc/10/comm': 'sshd\n',
    '/proc/20/comm': 'nginx\n',
    '/proc/30/comm': 'worker\n',
    '/proc/40/comm': 'MainThread\n',
    '/proc/50/comm': 'old-daemon\n',
  };
  const get = <T>(m: Record<string, T>, p: string): Promise<T> =>
    p in m ? Promise.resolve(m[p]!) : Promise.reject(new Error(`ENOENT ${p}`));
  return {
    readlink: (p) => get(links, p),
    readdir: (p) => get(dirs, p),
    readFile: (p) => get(files, p),
    inode: (p) => (p === '/run/netns/lab' ? Promise.resolve(2) : Promise.reject(new Error('ENOENT'))),
  };
}

describe('which process owns a socket', () => {
  it("maps a namespace's socket inodes to the processes in it (the lowest pid for a shared socket)", async () => {
    const owners = await socketOwners('lab', fakeProc());
    expect([...owners]).toEqual([
      [200, 'nginx'],
      [201, 'nginx'],
      [400, 'node'],
      [500, 'old-daemon'],
    ]);
  });

  it("names the program, not its main thread's name (Node 24's comm is 'MainThread')", async () => {
    const owners = await socketOwners('lab', fakeProc());
    expect(owners.get(400)).toBe('node');
  });

  it("this host's namespace when no --netns; an unknown namespace owns nothing (unknown, not guessed)", async () => {
    expect([...(await socketOwners(undefined, fakeProc()))]).toEqual([[100, 'sshd']]);
    expect((await socketOwners('nosuch', fakeProc())).size).toBe(0);
  });
});

describe("tail -v's sections", () => {
  it('splits files by their headers; a file tail could not read has none', () => {
    const text = '==> /proc/net/tcp <==\nline 1\nline 2\n\n==> /proc/sys/net/ipv6/bindv6only <==\n0\n';
    const parts = splitTailSections(text);
    expect([...parts.keys()]).toEqual(['/proc/net/tcp', '/proc/sys/net/ipv6/bindv6only']);
    expect(parts.get('/proc/net/tcp')).toBe('line 1\nline 2\n');
    expect(parts.get('/proc/sys/net/ipv6/bindv6only')?.trim()).toBe('0');
    expect(parts.has('/proc/net/tcp6')).toBe(false);
  });
});
