/**
 * A resize in a real terminal (tmux) gives the screen a fresh start at the new size gives. Found by a new admin:
 * after 199 -> 195 columns the header was gone for good and rows were doubled, because Ink drew the old, wider frame
 * into the narrower terminal before the view had its new size. With and without the cell diff writer.
 */
import { execa } from 'execa';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FWTUI_LINE } from '../helpers/run-cli.js';

const SOCKET = `fwtui-resize-${process.pid}`;
const tmux = (...args: string[]) => execa('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { reject: false });
// The text on screen (styles of blank cells may differ after erases, which shows nothing).
const capture = async (pane: string): Promise<string> => (await tmux('capture-pane', '-p', '-t', pane)).stdout;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FILE = join(import.meta.dirname, '..', 'fixtures', 'docker-style.v4.save');

/** The screen once it stops changing (a frame may follow the resize). */
async function settled(pane: string): Promise<string> {
  let last = '';
  for (let i = 0; i < 50; i++) {
    await sleep(150);
    const now = await capture(pane);
    if (now === last && now.includes('fwtui')) return now;
    last = now;
  }
  return last;
}

describe('resizing the terminal', () => {
  afterEach(async () => {
    await tmux('kill-server');
  });

  for (const plain of ['0', '1']) {
    it(`narrower, wider, shorter, taller: the screen a fresh start there shows (plain output ${plain})`, async () => {
      const line = `FWTUI_PLAIN_OUTPUT=${plain} ${FWTUI_LINE} --file ${FILE}; sleep 60`;
      await tmux('new-session', '-d', '-s', 'r', '-x', '199', '-y', '45', line);
      await settled('r:0');
      for (const [x, y] of [
        [195, 45],
        [160, 40],
        [210, 50],
        [120, 30],
      ] as const) {
        await tmux('resize-window', '-t', 'r', '-x', String(x), '-y', String(y));
        const resized = await settled('r:0');
        await tmux('new-session', '-d', '-s', `f${x}`, '-x', String(x), '-y', String(y), line);
        const fresh = await settled(`f${x}:0`);
        expect(resized.split('\n')[0], `${x}x${y}`).toMatch(/fwtui/);
        expect(resized, `${x}x${y}`).toBe(fresh);
      }
    });
  }
});
