/**
 * A resize in a real terminal (tmux) leaves the screen a fresh start at the new size would show. Found by a new admin:
 * after 199 -> 195 columns the header was gone for good and rows were doubled, because Ink drew the old, wider frame
 * into the narrower terminal and then erased by the old frame's line count. With and without the cell diff writer.
 *
 * Each test has its own tmux server: `tmux kill-server` returns before the server is gone, and a `new-session` on the
 * same socket right after can reach the dying one and fail; unchecked, that read as a blank screen (the first try of
 * this fix was reverted for it). Every tmux command here is checked.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FWTUI_LINE } from '../helpers/run-cli.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FILE = join(import.meta.dirname, '..', 'fixtures', 'docker-style.v4.save');
const SIZES = [
  [195, 45], // narrower
  [160, 40], // much narrower
  [210, 50], // wider
  [120, 30], // narrower and shorter
  [120, 34], // taller only
] as const;

/** A tmux server of its own; every command must succeed. */
function tmuxServer(socket: string) {
  return async (...args: string[]): Promise<string> => {
    const r = await execa('tmux', ['-L', socket, '-f', '/dev/null', ...args], { reject: false });
    if (r.exitCode !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
}

/**
 * The screen once it shows fwtui and has not changed for a while (a frame may follow the resize), or what it was at
 * the end (a start under load is blank for a while: that is never taken for settled).
 */
async function settled(tmux: ReturnType<typeof tmuxServer>, pane: string): Promise<string> {
  let last = '';
  let same = 0;
  for (let i = 0; i < 80 && same < 3; i++) {
    await sleep(150);
    const now = await tmux('capture-pane', '-p', '-t', pane);
    same = now === last && now.includes('fwtui') ? same + 1 : 0;
    last = now;
  }
  return last;
}

describe('resizing the terminal', () => {
  for (const plain of ['0', '1']) {
    it(`narrower, much narrower, wider, shorter, taller: a fresh start's screen (plain output ${plain})`, async () => {
      const tmux = tmuxServer(`fwtui-resize-${process.pid}-${plain}`);
      const line = `FWTUI_PLAIN_OUTPUT=${plain} ${FWTUI_LINE} --file ${FILE}; sleep 60`;
      try {
        await tmux('new-session', '-d', '-s', 'r', '-x', '199', '-y', '45', line);
        expect((await settled(tmux, 'r:0')).split('\n')[0]).toMatch(/^fwtui/);
        for (const [x, y] of SIZES) {
          await tmux('resize-window', '-t', 'r', '-x', String(x), '-y', String(y));
          const resized = await settled(tmux, 'r:0');
          await tmux('new-session', '-d', '-s', `f${x}x${y}`, '-x', String(x), '-y', String(y), line);
          const fresh = await settled(tmux, `f${x}x${y}:0`);
          await tmux('kill-session', '-t', `f${x}x${y}`);
          const lines = resized.split('\n');
          expect(lines[0], `${x}x${y}: the header on top`).toMatch(/^fwtui/);
          expect(
            lines.filter((l) => l.startsWith('fwtui')),
            `${x}x${y}: the header once`,
          ).toHaveLength(1);
          expect(resized, `${x}x${y}`).toBe(fresh);
        }
      } finally {
        await execa('tmux', ['-L', `fwtui-resize-${process.pid}-${plain}`, 'kill-server'], { reject: false });
      }
    }, 120_000);
  }
});
