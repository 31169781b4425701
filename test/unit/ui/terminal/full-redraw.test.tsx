/**
 * A resize draws the view whole at the new size, whatever the terminal did with the old frame (cut it as tmux and
 * xterm do, re-wrapped it, left the cursor elsewhere): the screen then equals a fresh start at that size, and so does
 * it after the next incremental frame; and not one character is drawn before the screen is cleared (Ink's own resize
 * draw of the old, wider frame came first). Real Ink 6.6.0 on a tiny terminal (test/helpers/vt-screen.ts), with
 * Ink's own bytes and through the cell diff writer.
 */
import { EventEmitter } from 'node:events';
import { Box, Text } from 'ink';
import { useSyncExternalStore } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cellDiffOutput } from '../../../../src/ui/terminal/cell-diff-writer.js';
import { CLEAR_SCREEN, renderFollowingSize } from '../../../../src/ui/terminal/full-redraw.js';
import { useTerminalSize } from '../../../../src/ui/terminal/use-terminal-size.js';
import { VtScreen } from '../../../helpers/vt-screen.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A counter the view shows, moved from outside (as a refresh moves a rule's counter). */
let tick = 0;
const ticked = new Set<() => void>();
const bump = (): void => {
  tick += 1;
  for (const l of ticked) l();
};
const subscribe = (l: () => void) => {
  ticked.add(l);
  return () => ticked.delete(l);
};

/** A view as wide and as tall as the terminal (less its last line), as fwtui's. */
function View() {
  const { columns, rows } = useTerminalSize();
  const n = useSyncExternalStore(subscribe, () => tick);
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Text>{`header ${columns}x${rows} `.padEnd(columns, '=')}</Text>
      {Array.from({ length: rows - 3 }, (_, i) => (
        <Text key={i}>{`row ${i} counter ${n + i} `.padEnd(columns - (i % 7), '.')}</Text>
      ))}
      <Text>{'footer'.padEnd(columns, '-')}</Text>
    </Box>
  );
}

type Resize = 'cut' | 'scrambled';

/** A terminal: a VtScreen behind a stream with a size and 'resize' events. */
class FakeTerminal extends EventEmitter {
  isTTY = true;
  vt: VtScreen;
  /** The bytes written since the last resize. */
  sinceResize = '';
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
    this.vt = new VtScreen(columns, rows, 'tmux');
  }
  write(chunk: string | Uint8Array): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.sinceResize += text;
    this.vt.write(text);
    return true;
  }
  /** The terminal's new size: 'cut' keeps what fits (tmux, xterm); 'scrambled' leaves text anywhere, cursor too. */
  resize(columns: number, rows: number, how: Resize): void {
    const old = this.vt;
    this.vt = new VtScreen(columns, rows, 'tmux');
    const cells = old.screen().split('\n').slice(0, old.rows);
    for (let r = 0; r < rows; r++) {
      const text =
        how === 'cut' ? (cells[r] ?? '').replace(/\{[^}]*\}/g, '').replaceAll('.', ' ') : `#${r} stale`.repeat(9);
      this.vt.write(`\u001b[${r + 1};1H${text.slice(0, columns - 1)}`);
    }
    const row = how === 'cut' ? Math.min(old.row, rows - 1) : Math.floor(rows / 2);
    const col = how === 'cut' ? Math.min(old.col, columns - 1) : 7;
    this.vt.write(`\u001b[${row + 1};${col + 1}H`);
    this.columns = columns;
    this.rows = rows;
    this.sinceResize = '';
    this.emit('resize');
  }
  /** The text on screen, without looks or the cursor. */
  text(): string {
    return this.vt
      .screen()
      .split('\n')
      .slice(0, this.rows)
      .map((l) => l.replaceAll('.', ' ').trimEnd())
      .join('\n');
  }
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s();
});

/** A screen whose text does not depend on the size (the first screen while the firewall is read). */
function Reading() {
  return <Text>Reading the firewall…</Text>;
}

/** fwtui's view on `term`, with or without the cell diff writer in front. */
function start(term: FakeTerminal, writer: boolean, view = <View />): void {
  const terminal = term as unknown as NodeJS.WriteStream;
  const { instance, stop } = renderFollowingSize(view, terminal, {
    stdout: writer ? cellDiffOutput(terminal, { row: 0, col: 0 }) : terminal,
    patchConsole: false,
    exitOnCtrlC: false,
    incrementalRendering: true,
    maxFps: 60,
  });
  stops.push(() => {
    instance.unmount();
    stop();
  });
}

/** The screen of a fresh start at that size, after the same ticks (its first frame is written at once). */
function fresh(columns: number, rows: number, writer: boolean): string {
  const term = new FakeTerminal(columns, rows);
  start(term, writer);
  return term.text();
}

/** The screen once it is `expected`, or as it is after 3 s (frames are throttled; a loaded machine is slow). */
async function screenOf(term: FakeTerminal, expected: string): Promise<string> {
  for (let waited = 0; waited < 3000 && term.text() !== expected; waited += 20) await sleep(20);
  return term.text();
}

describe('a resize', () => {
  for (const writer of [false, true])
    for (const how of ['cut', 'scrambled'] as const)
      it(`leaves the screen of a fresh start, then frames go on right (${how}; writer: ${writer})`, async () => {
        const term = new FakeTerminal(60, 20);
        start(term, writer);
        expect(term.text().split('\n')[0]).toMatch(/^header 60x20/);
        for (const [x, y] of [
          [56, 20],
          [40, 16],
          [70, 22],
          [30, 12],
          [30, 14],
        ] as const) {
          term.resize(x, y, how);
          // Not one character of a frame before the screen is cleared (Ink drew the old frame first, too wide).
          const beforeClear = term.sinceResize.split(CLEAR_SCREEN)[0] ?? '';
          // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal bytes
          expect(beforeClear.replace(/\u001b\[[0-9;?]*[A-Za-z]/gu, ''), `${x}x${y}: drawn before the clear`).toBe('');
          expect(term.sinceResize).toContain(CLEAR_SCREEN);
          const expected = fresh(x, y, writer);
          expect(await screenOf(term, expected), `${x}x${y} (${how})`).toBe(expected);
          bump();
          const next = fresh(x, y, writer);
          expect(await screenOf(term, next), `${x}x${y} (${how}), the next frame`).toBe(next);
        }
      });

  for (const writer of [false, true])
    it(`to a wider terminal redraws a screen whose text does not depend on the width (writer: ${writer})`, async () => {
      const term = new FakeTerminal(60, 20);
      start(term, writer, <Reading />);
      expect(term.text().split('\n')[0]).toBe('Reading the firewall…');
      for (const [x, y] of [
        [70, 20],
        [80, 24],
        [50, 24],
      ] as const) {
        term.resize(x, y, 'cut');
        const first = () => term.text().split('\n')[0];
        for (let waited = 0; waited < 3000 && first() !== 'Reading the firewall…'; waited += 20) await sleep(20);
        expect(first(), `${x}x${y}`).toBe('Reading the firewall…');
      }
    });
});
