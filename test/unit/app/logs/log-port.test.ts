/** The log port over a FakeRunner: which readers it starts, with which argv, and what their ends say. */
import { describe, expect, it } from 'vitest';
import { createLogPort } from '../../../../src/app/logs/log-port.js';
import { FakeRunner } from '../../../../src/backend/fake-runner.js';
import type { LogHit } from '../../../../src/domain/text/log-hit.js';

const ALL = '/proc/sys/net/netfilter/nf_log_all_netns';
const TAIL = ['tail', '-v', '-n', '+1', '--', ALL];
const DMESG = ['stdbuf', '-oL', 'dmesg', '--follow-new', '--decode', '--time-format', 'iso'];
const OLD_DMESG = ['stdbuf', '-oL', 'dmesg', '--follow', '--decode', '--time-format', 'iso'];
const GUARD = ['setpriv', '--pdeathsig', 'SIGTERM', '--'];
const LINE =
  'kern  :warn  : 2026-11-30T17:16:50,022867+00:00 ssh: IN=eth0 OUT= SRC=192.0.2.7 DST=192.0.2.1 LEN=60 ' +
  'PROTO=TCP SPT=40001 DPT=22 SYN URGP=0 \n';

function listen() {
  const hits: LogHit[] = [];
  const ended: string[] = [];
  return {
    hits,
    ended,
    listener: {
      hits: (h: readonly LogHit[]) => hits.push(...h),
      ended: (w: string, y: string) => ended.push(`${w}: ${y}`),
    },
  };
}

describe('the log port', () => {
  it("the host's namespace: follows the kernel log under setpriv, lines split anywhere", async () => {
    const runner = new FakeRunner().expect(TAIL, { stdout: `==> ${ALL} <==\n0\n` }).expect([...GUARD, ...DMESG]);
    const l = listen();
    const feed = await createLogPort(runner, undefined).start({ kernelLog: true, nflogGroups: [] }, l.listener);
    expect(feed).toMatchObject({ kernelLog: true, kernelLogSilent: null, notes: [] });
    const dmesg = runner.followed[0]!;
    dmesg.print(LINE.slice(0, 50));
    dmesg.print(LINE.slice(50));
    expect(l.hits.map((h) => [h.prefix, h.spt])).toEqual([['ssh: ', 40001]]);
    feed.stop();
    expect(dmesg.stopped).toBe(true);
    expect(l.ended).toEqual([]);
    runner.assertAllCalled();
  });

  it('a dmesg without --follow-new: follows again, dropping the lines it replays from before the start', async () => {
    const runner = new FakeRunner()
      .expect(TAIL, { stdout: `==> ${ALL} <==\n0\n` })
      .expect([...GUARD, ...DMESG])
      .expect([...GUARD, ...OLD_DMESG]);
    const l = listen();
    await createLogPort(runner, undefined).start({ kernelLog: true, nflogGroups: [] }, l.listener);
    runner.followed[0]!.end(1, "dmesg: unrecognized option '--follow-new'\nTry 'dmesg --help' for more information.\n");
    expect(l.ended).toEqual([]);
    const stamp = (ms: number) => new Date(ms).toISOString().replace('.', ',').replace('Z', '000+00:00');
    const line = (ms: number, spt: number) => LINE.replace(/2026-\S+/, stamp(ms)).replace('SPT=40001', `SPT=${spt}`);
    runner.followed[1]!.print(line(Date.now() - 3_600_000, 1) + line(Date.now() + 500, 2));
    expect(l.hits.map((h) => h.spt)).toEqual([2]);
    runner.assertAllCalled();
  });

  it('another namespace with the host sysctl 0: no dmesg, and why; NFLOG groups read with tcpdump in it', async () => {
    const runner = new FakeRunner()
      .expect(TAIL, { stdout: `==> ${ALL} <==\n0\n` })
      .expect(['ip', 'netns', 'exec', 'lab', ...TAIL], { stdout: '', stderr: 'tail: cannot open', exitCode: 1 })
      .expect(['ip', '-n', 'lab', '-o', 'link', 'show'], { stdout: '1: lo: <LOOPBACK,UP>\n7: veth0@if6: <UP>\n' })
      .expect(['ip', 'netns', 'exec', 'lab', ...GUARD, 'tcpdump', '-Z', 'root', '-i', 'nflog:5', '-U', '-w', '-']);
    const l = listen();
    const feed = await createLogPort(runner, 'lab').start({ kernelLog: true, nflogGroups: [5] }, l.listener);
    expect(feed).toMatchObject({
      kernelLog: false,
      kernelLogSilent:
        'LOG rules in this namespace write nothing to the kernel log: net.netfilter.nf_log_all_netns is 0',
      nflogGroups: [5],
    });
    expect(runner.followed[0]!.cmd.binaryOutput).toBe(true);
    runner.assertAllCalled();
  });

  it('says that another program reads the NFLOG group, where tcpdump says "Operation not permitted"', async () => {
    const runner = new FakeRunner()
      .expect(['ip', '-o', 'link', 'show'], { stdout: '' })
      .expect([...GUARD, 'tcpdump', '-Z', 'root', '-i', 'nflog:5', '-U', '-w', '-']);
    const l = listen();
    await createLogPort(runner, undefined).start({ kernelLog: false, nflogGroups: [5] }, l.listener);
    runner.followed[0]!.end(1, "tcpdump: Can't listen on group index: Operation not permitted\n");
    expect(l.ended).toHaveLength(1);
    expect(l.ended[0]).toMatch(
      /^NFLOG group 5: tcpdump ended \(exit 1\): another program already reads this NFLOG group/,
    );
  });

  it('says why a reader ended (not installed, its own message); retries without setpriv', async () => {
    const runner = new FakeRunner()
      .expect(['ip', '-o', 'link', 'show'], { stdout: '' })
      .expect([...GUARD, 'tcpdump', '-Z', 'root', '-i', 'nflog:1', '-U', '-w', '-'])
      .expect([...GUARD, 'tcpdump', '-Z', 'root', '-i', 'nflog:2', '-U', '-w', '-'])
      .expect(['tcpdump', '-Z', 'root', '-i', 'nflog:2', '-U', '-w', '-']);
    const l = listen();
    await createLogPort(runner, undefined).start({ kernelLog: false, nflogGroups: [1, 2] }, l.listener);
    runner.followed[0]!.end(
      1,
      'tcpdump: listening on nflog:1, link-type NFLOG\ntcpdump: NFULNL_CFG_CMD_BIND: Device or resource busy\n',
    );
    // No setpriv on this machine: tcpdump again without it.
    runner.followed[1]!.end(127, 'setpriv: not found');
    expect(l.ended).toEqual([
      'NFLOG group 1: tcpdump ended (exit 1): tcpdump: NFULNL_CFG_CMD_BIND: Device or resource busy',
    ]);
    runner.followed[2]!.end(127, 'tcpdump: not found');
    expect(l.ended).toHaveLength(2);
    expect(l.ended[1]).toBe('NFLOG group 2: tcpdump is not installed here (package tcpdump)');
    runner.assertAllCalled();
  });
});
