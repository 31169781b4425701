/** A prompt's error in the status lines: wrapped whole, or pointing to where the whole is; the cursor stays in view. */
import { describe, expect, it } from 'vitest';
import { ERROR_MORE, promptErrorLines, promptInput } from '../../../../src/ui/format/prompt-lines.js';

describe('prompt status lines', () => {
  it('wraps an error whole when it fits its lines', () => {
    const error = 'iptables refuses it: '.repeat(6).trim();
    const lines = promptErrorLines(error, 40, 5);
    expect(lines.join(' ')).toBe(`error: ${error}`);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(40);
  });

  it('past its lines, the last one says where the whole message is', () => {
    const lines = promptErrorLines('x '.repeat(500), 80, 3);
    expect(lines).toHaveLength(3);
    expect(lines[2]!.endsWith(ERROR_MORE)).toBe(true);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
  });

  it('keeps the end of long typed text in view, marked as cut at its start', () => {
    const value = `-p tcp --dport 22 ${'-s 198.51.100.7 '.repeat(6)}--state NEW`;
    const shown = promptInput('Packet:', value, 40);
    expect(shown.value.startsWith('…')).toBe(true);
    expect(value.endsWith(shown.value.slice(1))).toBe(true);
    expect([...`${shown.label} ${shown.value}▏`].length).toBeLessThanOrEqual(40);
    expect(promptInput('Packet:', '-p tcp', 40)).toEqual({ label: 'Packet:', value: '-p tcp' });
  });
});
