/** The demo lab starts every process through the runner, so each one is fakeable and in the command log. */
import { describe, expect, it } from 'vitest';
import { startDemoLab } from '../../../../src/backend/demo/demo-lab.js';
import { FakeRunner } from '../../../../src/backend/fake-runner.js';
import {
  DEMO_CLIENT_V4,
  DEMO_CLIENT_V6,
  DEMO_RULES_V4,
  DEMO_RULES_V6,
  DEMO_SERVER_V4,
  DEMO_SERVER_V6,
} from '../../../../src/backend/demo/demo-ruleset.js';
import { TRAFFIC_SCRIPT } from '../../../../src/backend/demo/traffic.js';

const server = `fwtui-demo-${process.pid}`;
const client = `${server}-client`;

/** The commands that build the lab, in order, as the admin would type them. */
function expectLabBuilt(runner: FakeRunner): void {
  runner.expect(['ip', 'netns', 'list']);
  runner.expect(['ip', 'netns', 'add', server]).expect(['ip', 'netns', 'add', client]);
  runner.expect(['ip', '-n', server, 'link', 'add', 'demo0', 'type', 'veth', 'peer', 'name', 'demo1', 'netns', client]);
  const ends = [
    [server, 'demo0', DEMO_SERVER_V4, DEMO_SERVER_V6],
    [client, 'demo1', DEMO_CLIENT_V4, DEMO_CLIENT_V6],
  ] as const;
  for (const [ns, dev, v4, v6] of ends) {
    runner.expect(['ip', '-n', ns, 'addr', 'add', `${v4}/24`, 'dev', dev]);
    runner.expect(['ip', '-n', ns, 'addr', 'add', `${v6}/64`, 'dev', dev, 'nodad']);
    runner.expect(['ip', '-n', ns, 'link', 'set', dev, 'up']).expect(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
  }
  runner.expect(['ip', 'netns', 'exec', server, 'iptables-restore', '-w', '5']);
  runner.expect(['ip', 'netns', 'exec', server, 'ip6tables-restore', '-w', '5']);
}

describe('the demo lab', () => {
  it('starts the traffic through the runner and removes the lab through it at exit', async () => {
    const runner = new FakeRunner();
    expectLabBuilt(runner);
    runner.expect(['ip', 'netns', 'exec', client, process.execPath, '-e', TRAFFIC_SCRIPT]);
    runner.expect(['ip', 'netns', 'delete', server]).expect(['ip', 'netns', 'delete', client]);
    const lab = await startDemoLab(runner);
    expect(lab.netns).toBe(server);
    expect(runner.calls.find((c) => c.args.includes('iptables-restore'))?.stdin).toBe(DEMO_RULES_V4);
    expect(runner.calls.find((c) => c.args.includes('ip6tables-restore'))?.stdin).toBe(DEMO_RULES_V6);
    lab.stopSync();
    runner.assertAllCalled();
    expect(runner.stopped.map((c) => c.args.at(-1))).toEqual([TRAFFIC_SCRIPT]);
  });

  it('stops the traffic and removes both namespaces when the view quits', async () => {
    const runner = new FakeRunner();
    expectLabBuilt(runner);
    runner.expect(['ip', 'netns', 'exec', client, process.execPath, '-e', TRAFFIC_SCRIPT]);
    runner.expect(['ip', 'netns', 'delete', server]).expect(['ip', 'netns', 'delete', client]);
    const lab = await startDemoLab(runner);
    await lab.stop();
    runner.assertAllCalled();
    expect(runner.stopped).toHaveLength(1);
  });
});
