import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { joinArgs, saveQuote, splitArgs } from '../../../../src/domain/text/quoting.js';
import { renderSave } from '../../../../src/domain/text/render-save.js';

/** Text iptables can carry in a comment: any Unicode but NUL and line ends. */
const commentText = fc.string({ unit: 'grapheme', maxLength: 80 }).filter((s) => !/[\0\n\r]/.test(s));
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe('quoting (property tests)', () => {
  it('a value quoted as iptables-save does splits back to the same value', () => {
    fc.assert(
      fc.property(commentText, (s) => {
        expect(splitArgs(`--comment ${saveQuote(s)}`)).toEqual(['--comment', s]);
      }),
    );
  });

  it('joinArgs then splitArgs gives back the arguments', () => {
    fc.assert(
      fc.property(fc.array(commentText, { maxLength: 8 }), (args) => {
        expect(splitArgs(joinArgs(args))).toEqual(args);
      }),
    );
  });

  it('a dump with any comment and any 64-bit counters round-trips byte for byte', () => {
    fc.assert(
      fc.property(commentText, u64, u64, u64, (comment, p, b, policyPackets) => {
        const text =
          `*filter\n:INPUT DROP [${policyPackets}:${b}]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ` +
          `ACCEPT [0:0]\n:x.y-z - [0:0]\n[${p}:${b}] -A INPUT -m comment --comment ` +
          `${saveQuote(comment)} -j x.y-z\n[0:0] -A x.y-z ! -s 192.0.2.1/32 -g x.y-z\nCOMMIT\n`;
        const ruleset = parseSave(text);
        expect(renderSave(ruleset)).toBe(text);
        expect(ruleset.tables[0]!.chains[0]!.rules[0]!.counters).toEqual({ packets: p, bytes: b });
      }),
    );
  });

  it('never throws anything but a ParseError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseSave(`*filter\n:INPUT ACCEPT [0:0]\n${text}\nCOMMIT\n`);
        } catch (e) {
          expect((e as Error).name).toBe('ParseError');
        }
      }),
    );
  });
});
