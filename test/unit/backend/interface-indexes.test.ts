import { describe, expect, it } from 'vitest';
import { interfaceIndexes, parseLinkIndexes } from '../../../src/backend/interfaces.js';
import { FakeRunner } from '../../../src/backend/fake-runner.js';

describe('interfaces by index (NFLOG names them by index)', () => {
  it('reads `ip -o link show` lines; a veth peer suffix is not part of the name', () => {
    const text =
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT\n' +
      '7: vs1a2b@if6: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT\n';
    expect([...parseLinkIndexes(text)]).toEqual([
      [1, 'lo'],
      [7, 'vs1a2b'],
    ]);
  });

  it('asks ip in the namespace; a failure gives no names (shown as if#N), never an error', async () => {
    const runner = new FakeRunner().expect(['ip', '-n', 'lab', '-o', 'link', 'show'], { exitCode: 1, stderr: 'no' });
    expect((await interfaceIndexes(runner, 'lab')).size).toBe(0);
    runner.assertAllCalled();
  });
});
