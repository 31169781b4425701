/**
 * Two namespaces joined by a veth pair: a server running a TCP echo service
 * and a client that keeps a connection open and keeps trying new ones, so a
 * test can see when a firewall rule in the server blocks it and when the
 * traffic flows again. Traffic stays between these two namespaces.
 */
import { execa, type ResultPromise } from 'execa';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Family } from '../../src/domain/model/ruleset.js';
import { createNetns, type TestNetns } from './netns.js';

const SCRIPT = join(import.meta.dirname, 'tcp-echo.mjs');
export const PORT = 5555;

export interface Lab {
  readonly server: TestNetns;
  readonly client: TestNetns;
  readonly serverAddr: string;
  /** Starts the client for `seconds`; `events()` gives what it saw so far. */
  traffic(seconds: number): Traffic;
  remove(): Promise<void>;
}

export interface Traffic {
  /** Times (ms) of echoes on the held connection and of fresh connections that succeeded. */
  events(): { held: number[]; fresh: number[] };
  done: Promise<unknown>;
}

export async function createLab(family: Family): Promise<Lab> {
  const server = await createNetns();
  const client = await createNetns();
  const tag = randomBytes(2).toString('hex');
  const [s, c] = [`vs${tag}`, `vc${tag}`];
  await server.exec(['ip', 'link', 'add', s, 'type', 'veth', 'peer', 'name', c, 'netns', client.name]);
  const [sa, ca, len] = family === 'ipv6' ? ['fd77::1', 'fd77::2', '64'] : ['10.77.0.1', '10.77.0.2', '24'];
  const extra = family === 'ipv6' ? ['nodad'] : [];
  await server.exec(['ip', 'addr', 'add', `${sa}/${len}`, 'dev', s, ...extra]);
  await client.exec(['ip', 'addr', 'add', `${ca}/${len}`, 'dev', c, ...extra]);
  await server.exec(['ip', 'link', 'set', s, 'up']);
  await client.exec(['ip', 'link', 'set', c, 'up']);
  const echo = execa('ip', ['netns', 'exec', server.name, process.execPath, SCRIPT, 'server', sa, String(PORT)], {
    reject: false,
    buffer: false,
  });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('echo server did not start')), 5000);
    echo.stdout?.once('data', () => {
      clearTimeout(t);
      resolve();
    });
  });
  const clients: ResultPromise[] = [];
  return {
    server,
    client,
    serverAddr: sa,
    traffic(seconds) {
      const run = execa(
        'ip',
        ['netns', 'exec', client.name, process.execPath, SCRIPT, 'client', sa, String(PORT), String(seconds)],
        { reject: false, buffer: false },
      );
      clients.push(run);
      const held: number[] = [];
      const fresh: number[] = [];
      let rest = '';
      run.stdout?.on('data', (d: Buffer) => {
        const lines = (rest + String(d)).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          const [kind, at] = line.split(' ');
          if (kind === 'held') held.push(Number(at));
          if (kind === 'new') fresh.push(Number(at));
        }
      });
      return { events: () => ({ held: [...held], fresh: [...fresh] }), done: run };
    },
    async remove() {
      for (const p of [echo, ...clients]) p.kill('SIGKILL');
      await Promise.allSettled([echo, ...clients]);
      await server.remove();
      await client.remove();
    },
  };
}

/** Waits until `check` holds, polling every 50 ms; returns when it held (ms) or null after `ms`. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<number | null> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return Date.now();
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}
