/**
 * The demo's throwaway lab: a server namespace with the demo firewall, a
 * client namespace joined to it by a veth pair, and bounded traffic between
 * them. Nothing touches the host's own namespace; everything is removed on
 * exit, and labs left by a killed fwtui are removed at the next start.
 */
import { readFileSync } from 'node:fs';
import {
  DEMO_CLIENT_V4,
  DEMO_CLIENT_V6,
  DEMO_RULES_V4,
  DEMO_RULES_V6,
  DEMO_SERVER_V4,
  DEMO_SERVER_V6,
} from './demo-ruleset.js';
import { TRAFFIC_SCRIPT } from './traffic.js';
import { CommandError, execFailedMissing, IptablesMissingError } from '../errors.js';
import type { BackgroundProcess, CommandRunner } from '../runner.js';

const PREFIX = 'fwtui-demo-';
/** `fwtui-demo-PID` and `fwtui-demo-PID-client`: the PID is the fwtui that made them. */
const LAB_NAME = /^fwtui-demo-(\d+)(-client)?$/;

export interface DemoLab {
  /** The namespace whose firewall the view shows. */
  readonly netns: string;
  /** Stops the traffic and deletes both namespaces. */
  stop(): Promise<void>;
  /** The same, synchronously, for the process 'exit' handler. */
  stopSync(): void;
}

/**
 * Whether the fwtui that made a lab still runs. A zombie (not reaped where PID 1
 * does not reap) or a reused PID running something else counts as gone.
 */
function ownerAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('fwtui');
  } catch {
    return false;
  }
}

/** Deletes demo namespaces whose fwtui is gone (kill -9, power loss of the session). */
async function removeStaleLabs(runner: CommandRunner): Promise<void> {
  const list = await runner.run({ file: 'ip', args: ['netns', 'list'] });
  for (const line of list.stdout.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const m = LAB_NAME.exec(name);
    if (m && !ownerAlive(Number(m[1]))) await runner.run({ file: 'ip', args: ['netns', 'delete', name] });
  }
}

/**
 * Builds the lab and starts its traffic, every process through `runner` (so each is in the command log).
 * @throws Error when the runner cannot start background processes or run synchronously (needed at exit)
 */
export async function startDemoLab(runner: CommandRunner): Promise<DemoLab> {
  const { background, runSync } = runner;
  if (!background || !runSync) throw new Error('this runner cannot run the demo lab');
  await removeStaleLabs(runner);
  const server = `${PREFIX}${process.pid}`;
  const client = `${server}-client`;
  let traffic: BackgroundProcess | null = null;
  const deleteAll = (): string[][] => [
    ['netns', 'delete', server],
    ['netns', 'delete', client],
  ];

  const step = async (file: string, args: string[], stdin?: string): Promise<void> => {
    const cmd = stdin === undefined ? { file, args } : { file, args, stdin };
    const r = await runner.run(cmd);
    // `ip netns exec NS iptables-restore`: ip ran, iptables is not installed.
    if (r.exitCode !== 0 && args[0] === 'netns' && args[1] === 'exec' && execFailedMissing(r.stderr))
      throw new IptablesMissingError(args[3]!);
    if (r.exitCode !== 0) throw new CommandError(cmd, r.exitCode, r.stderr);
  };

  const lab: DemoLab = {
    netns: server,
    async stop() {
      traffic?.stop();
      traffic = null;
      for (const args of deleteAll()) await runner.run({ file: 'ip', args });
    },
    stopSync() {
      traffic?.stop();
      traffic = null;
      for (const args of deleteAll()) runSync.call(runner, { file: 'ip', args });
    },
  };

  try {
    await step('ip', ['netns', 'add', server]);
    await step('ip', ['netns', 'add', client]);
    // The veth pair is created inside the server namespace and its peer moved straight into the client's.
    await step('ip', ['-n', server, 'link', 'add', 'demo0', 'type', 'veth', 'peer', 'name', 'demo1', 'netns', client]);
    for (const [ns, dev, v4, v6] of [
      [server, 'demo0', DEMO_SERVER_V4, DEMO_SERVER_V6],
      [client, 'demo1', DEMO_CLIENT_V4, DEMO_CLIENT_V6],
    ] as const) {
      await step('ip', ['-n', ns, 'addr', 'add', `${v4}/24`, 'dev', dev]);
      await step('ip', ['-n', ns, 'addr', 'add', `${v6}/64`, 'dev', dev, 'nodad']);
      await step('ip', ['-n', ns, 'link', 'set', dev, 'up']);
      await step('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    await step('ip', ['netns', 'exec', server, 'iptables-restore', '-w', '5'], DEMO_RULES_V4);
    await step('ip', ['netns', 'exec', server, 'ip6tables-restore', '-w', '5'], DEMO_RULES_V6);
    const trafficArgs = ['netns', 'exec', client, process.execPath, '-e', TRAFFIC_SCRIPT];
    traffic = background.call(runner, { file: 'ip', args: trafficArgs });
    return lab;
  } catch (e) {
    await lab.stop();
    throw e;
  }
}
