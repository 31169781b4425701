import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../../src/backend/command.js';
import { createExecaRunner } from '../../../src/backend/runner.js';

// A real process (node itself), no root: a binary stream (tcpdump's pcap) must reach the reader byte for byte.
describe('runner.follow with binary output', () => {
  it('hands every byte over as one latin1 character (UTF-8 decoding would turn 0xff into U+FFFD)', async () => {
    const bytes = [0xd4, 0xc3, 0xb2, 0xa1, 0x00, 0xff, 0xef, 0x80, 0x0a];
    const script = `process.stdout.write(Buffer.from(${JSON.stringify(bytes)}))`;
    let text = '';
    const ended = new Promise<CommandResult>((end) =>
      createExecaRunner().follow!(
        { file: process.execPath, args: ['-e', script], binaryOutput: true },
        (p) => {
          text += p;
        },
        end,
      ),
    );
    expect((await ended).exitCode).toBe(0);
    expect([...text].map((c) => c.charCodeAt(0))).toEqual(bytes);
  });
});
