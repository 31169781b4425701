/** The parsing worker gives what the parser on this thread gives, read after read; without it, reads go inline. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineReader, workerReader, type SaveReader } from '../../../../src/backend/parse-worker/save-reader.js';
import { FakeRunner } from '../../../../src/backend/fake-runner.js';
import { createIptables } from '../../../../src/backend/iptables.js';
import { viewReader } from '../../../../src/backend/parse-worker/default-reader.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { ParseError } from '../../../../src/domain/text/parse-error.js';
import type { Family } from '../../../../src/domain/model/ruleset.js';
import { plain, workerCode } from './worker-code.js';

const FIXTURES = '/work/shared/fixtures';
const saves = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.save'))
  .map((f) => ({ name: f, family: (f.includes('.v6.') ? 'ipv6' : 'ipv4') as Family, text: '' }))
  .map((f) => ({ ...f, text: readFileSync(join(FIXTURES, f.name), 'utf8') }));

/** The text with every `[p:b]` counter moved by `by` (a refresh's read: same rules, other counters). */
const bumped = (text: string, by: number): string =>
  text.replace(/\[(\d+):(\d+)\]/g, (_, p, b) => `[${BigInt(p) + BigInt(by)}:${BigInt(b) + BigInt(by * 60)}]`);

/** Reads `text` through `reader`, cut into pieces of the given sizes (cycled). */
async function readThrough(reader: SaveReader, family: Family, key: string | null, text: string, cuts = [4096]) {
  const read = reader.begin(family, key);
  for (let at = 0, i = 0; at < text.length; i++) {
    const size = cuts[i % cuts.length]!;
    read.push(text.slice(at, at + size));
    at += size;
  }
  return read.end();
}

let worker: SaveReader;
beforeAll(async () => {
  worker = workerReader(await workerCode());
}, 30_000);
afterAll(() => {
  // The worker is unref'd when idle: it does not hold the test process.
});

describe('the parsing worker', () => {
  it('starts from the bundled code', () => {
    expect(worker.threaded).toBe(true);
  });

  for (const f of saves) {
    it(`reads ${f.name} as parseSave does, then each refresh as parseSave reads it`, async () => {
      const key = `fixture ${f.name}`;
      const texts = [f.text, bumped(f.text, 1), bumped(f.text, 1), bumped(f.text, 5), f.text];
      for (const text of texts) {
        const got = await readThrough(worker, f.family, key, text, [7, 100, 3]);
        expect(plain(got)).toEqual(plain(parseSave(text, { family: f.family })));
      }
    });
  }

  it('keeps unchanged rules as the objects read before, and builds new ones only for changed lines', async () => {
    const text = saves.find((f) => f.name === 'docker-style.v4.save')!.text;
    const first = await readThrough(worker, 'ipv4', 'reuse', text);
    const again = await readThrough(worker, 'ipv4', 'reuse', text);
    const rulesOf = (r: typeof first) => r.tables.flatMap((t) => t.chains.flatMap((c) => c.rules));
    expect(rulesOf(again).every((rule, i) => rule === rulesOf(first)[i])).toBe(true);
    const moved = await readThrough(worker, 'ipv4', 'reuse', text.replace(/^\[(\d+):/m, '[99999:'));
    const same = rulesOf(moved).filter((rule, i) => rule === rulesOf(again)[i]).length;
    expect(same).toBe(rulesOf(again).length - 1);
  });

  it('equals parseSave for any cut of the text and any order of refreshes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ fixture: fc.nat(saves.length - 1), by: fc.nat(3) }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 5 }),
        async (reads, cuts) => {
          for (const { fixture, by } of reads) {
            const f = saves[fixture]!;
            const text = bumped(f.text, by);
            const got = await readThrough(worker, f.family, 'property', text, cuts);
            expect(plain(got)).toEqual(plain(parseSave(text, { family: f.family })));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the first read does not wait for a worker still starting; the next builds on it in the worker', async () => {
    const slow = workerReader(
      `{ const until = Date.now() + 1500; while (Date.now() < until); }\n${await workerCode()}`,
    );
    const text = saves[3]!.text;
    const family = saves[3]!.family;
    const started = performance.now();
    const first = await readThrough(slow, family, 'slow', text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(plain(first)).toEqual(plain(parseSave(text, { family })));
    const second = await readThrough(slow, family, 'slow', text);
    const rules = (r: typeof first) => r.tables.flatMap((t) => t.chains.flatMap((c) => c.rules));
    expect(rules(second).every((rule, i) => rule === rules(first)[i])).toBe(true);
  });

  it('names the bad line as parseSave does, and the next read still builds on the last good one', async () => {
    const text = saves[0]!.text;
    await readThrough(worker, 'ipv4', 'bad', text);
    const bad = `${text}*filter\n-A INPUT -j ACCEPT\n`;
    const error = await readThrough(worker, 'ipv4', 'bad', bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toBe(
      (() => {
        try {
          parseSave(bad);
        } catch (e) {
          return (e as Error).message;
        }
      })(),
    );
    expect(plain(await readThrough(worker, 'ipv4', 'bad', bumped(text, 2)))).toEqual(plain(parseSave(bumped(text, 2))));
  });

  it('forgets an aborted read: the next one builds on the read before it', async () => {
    const text = saves[1]!.text;
    await readThrough(worker, saves[1]!.family, 'abort', text);
    const aborted = worker.begin(saves[1]!.family, 'abort');
    aborted.push(bumped(text, 9).slice(0, 200));
    aborted.abort();
    const got = await readThrough(worker, saves[1]!.family, 'abort', bumped(text, 3));
    expect(plain(got)).toEqual(plain(parseSave(bumped(text, 3), { family: saves[1]!.family })));
  });
});

describe('without a worker', () => {
  it('a worker that cannot run fails the read under way with a message, and later reads go inline', async () => {
    const broken = workerReader('throw new Error("no threads here")');
    const text = saves[0]!.text;
    const first = await readThrough(broken, 'ipv4', 'k', text).then(plain, (e: unknown) => e);
    if (first instanceof Error) expect(first.message).toMatch(/no threads here|stopped/);
    else expect(first).toEqual(plain(parseSave(text)));
    for (let i = 0; i < 500 && broken.threaded; i++) await new Promise((r) => setTimeout(r, 10));
    expect(broken.threaded).toBe(false);
    expect(plain(await readThrough(broken, 'ipv4', 'k', bumped(text, 1)))).toEqual(plain(parseSave(bumped(text, 1))));
  });

  it('a worker that does not answer is stopped: the read fails saying so, later reads go inline', async () => {
    // A worker stuck for good (a loop that never ends) once asked for a read's result.
    const stuck = workerReader(
      `require('node:worker_threads').parentPort.on('message', (m) => { if (m.kind === 'end') for (;;) {} })`,
      300,
    );
    const text = saves[0]!.text;
    // The first read is parsed here; the worker never says it kept it, so the next one is asked of the worker.
    expect(plain(await readThrough(stuck, 'ipv4', 'k', text))).toEqual(plain(parseSave(text)));
    const second = await readThrough(stuck, 'ipv4', 'k', bumped(text, 1)).then(plain, (e: unknown) => e);
    expect((second as Error).message).toBe('the parsing worker did not answer within 0.3 s');
    expect(stuck.threaded).toBe(false);
    expect(plain(await readThrough(stuck, 'ipv4', 'k', bumped(text, 2)))).toEqual(plain(parseSave(bumped(text, 2))));
  });

  it('iptables reads again, inline, a read the worker lost: the caller gets the rules', async () => {
    const stuck = workerReader(
      `require('node:worker_threads').parentPort.on('message', (m) => { if (m.kind === 'end') for (;;) {} })`,
      300,
    );
    const text = saves[0]!.text;
    const runner = new FakeRunner();
    for (let i = 0; i < 3; i++) runner.expect(['iptables-save', '-c'], { stdout: bumped(text, i) });
    const iptables = createIptables({ runner, reader: stuck });
    expect(plain((await iptables.save('ipv4')).ruleset)).toEqual(plain(parseSave(text)));
    // Asked of the worker, which never answers: read again (the third answer) and parsed here.
    const again = await iptables.save('ipv4');
    expect(plain(again.ruleset)).toEqual(plain(parseSave(bumped(text, 2))));
    expect(stuck.threaded).toBe(false);
  });

  it('inline reads build on the read before as the worker’s do: the same rules, unchanged ones kept', async () => {
    const reader = inlineReader();
    for (const f of saves) {
      const texts = [f.text, bumped(f.text, 2), bumped(f.text, 2), f.text];
      let prev: Awaited<ReturnType<typeof readThrough>> | null = null;
      for (const [i, text] of texts.entries()) {
        const got = await readThrough(reader, f.family, `inline ${f.name}`, text, [33]);
        expect(plain(got)).toEqual(plain(parseSave(text, { family: f.family })));
        if (prev && i === 2) {
          const rules = (r: typeof got) => r.tables.flatMap((t) => t.chains.flatMap((c) => c.rules));
          expect(rules(got).every((rule, i) => rule === rules(prev!)[i])).toBe(true);
        }
        prev = got;
      }
    }
  });

  it('from source (no bundled worker) and with FWTUI_PARSE_WORKER=0 the view parses inline, as parseSave', async () => {
    expect(viewReader({}).threaded).toBe(false);
    expect(viewReader({ FWTUI_PARSE_WORKER: '0' }).threaded).toBe(false);
    const text = saves[2]!.text;
    expect(plain(await readThrough(inlineReader(), saves[2]!.family, 'x', text, [5]))).toEqual(
      plain(parseSave(text, { family: saves[2]!.family })),
    );
  });
});
