/**
 * `fwtui save --netns NAME` without --root would put a namespace's rules into
 * this host's own boot files: it must say so and ask; without a yes nothing
 * runs and nothing is written. (Fake runner: no command may run at all.)
 */
import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../../src/backend/fake-runner.js';
import { main, type MainDeps } from '../../../src/cli/main.js';

function harness(answer: boolean | undefined) {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  const runner = new FakeRunner();
  const deps: MainDeps = {
    runner,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    isRoot: () => true,
    ...(answer === undefined
      ? {}
      : {
          askYes: async (q: string) => {
            asked.push(q);
            return answer;
          },
        }),
  };
  return { deps, runner, asked, out: () => out.join(''), err: () => err.join('') };
}

describe("save --netns: the namespace's rules would go to the host's boot files", () => {
  it('asks explicitly, naming the namespace and the host; without a yes nothing runs, nothing is written', async () => {
    const h = harness(false);
    expect(await main(['save', '--netns', 'lab1'], h.deps)).toBe(1);
    expect(h.asked).toHaveLength(1);
    expect(h.asked[0]).toMatch(/^Save the rules of network namespace lab1 to this host's boot files \/\S+ .*\? /);
    expect(h.asked[0]).toMatch(/\? At boot they would load into the host's own firewall\. \(y\/N\) $/);
    expect(h.err()).toBe(
      "fwtui: nothing saved: namespace lab1's rules would go to the host's boot files" +
        ' (answer y, or --yes in scripts)\n',
    );
    expect(h.runner.calls).toEqual([]);
  });

  it('without a terminal it refuses the same way', async () => {
    const h = harness(undefined);
    expect(await main(['save', '--netns', 'lab1'], h.deps)).toBe(1);
    expect(h.err()).toMatch(/nothing saved: namespace lab1's rules would go to the host's boot files/);
    expect(h.runner.calls).toEqual([]);
  });
});
