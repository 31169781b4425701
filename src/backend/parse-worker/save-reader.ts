/**
 * Parses iptables-save text as it arrives: in a worker thread when one starts (the thread that handles keys only
 * takes over what changed, read-delta.ts), else here, piece by piece (the fallback: same parser, same result).
 */
import { Worker } from 'node:worker_threads';
import { applyDelta, deltaOf } from '../../domain/diff/read-delta.js';
import type { Family, Ruleset } from '../../domain/model/ruleset.js';
import { ParseError } from '../../domain/text/parse-error.js';
import { SaveParser } from '../../domain/text/parse-save.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { RememberedReads } from './remembered.js';

/** The worker stopped (died, could not start, did not answer): the read it had is lost; read again, inline. */
export class ParseWorkerStopped extends Error {}

/** One read under way. */
export interface SaveRead {
  /** A piece of iptables-save's output, as it printed it (lines may be cut anywhere). */
  push(piece: string): void;
  /** The output is complete: the ruleset, or the ParseError naming the line. */
  end(): Promise<Ruleset>;
  /** iptables-save failed: nothing of this read counts. */
  abort(): void;
}

/** Starts reads. */
export interface SaveReader {
  /** Whether reads are parsed in a worker thread (false: on this thread, the fallback). */
  readonly threaded: boolean;
  /**
   * A read of `family`; `key` names the command (reads of the same key are told apart by what changed), or null
   * when the read is not to be remembered; `also` names another key whose read may serve as the base (a family's
   * full read, for the first read of one of its tables).
   */
  begin(family: Family, key: string | null, also?: string | null): SaveRead;
  /** The view has ended: the worker goes (a read still under way is read again inline), later reads go inline. */
  close(): void;
}

/**
 * The fallback: the domain parser on this thread, fed as the pieces arrive. A read is then built on the key's read
 * before (read-delta.ts) as the worker's are: unchanged rules stay the same objects, so the counter diff stays small.
 */
export function inlineReader(): SaveReader {
  const last = new RememberedReads();
  let nextId = 1;
  return {
    threaded: false,
    begin(family, key, also = null) {
      const parser = new SaveParser({ family });
      const id = nextId++;
      let failed: { error: unknown } | null = null;
      return {
        push(piece) {
          if (failed) return;
          try {
            parser.push(piece);
          } catch (error) {
            failed = { error };
          }
        },
        end: async () => {
          if (failed) throw (failed as { error: unknown }).error;
          const parsed = parser.end();
          const before = last.newest(key, also)?.ruleset ?? null;
          const ruleset = before ? applyDelta(before, deltaOf(before, parsed)) : parsed;
          last.remember(key, { id, ruleset });
          return ruleset;
        },
        abort() {},
      };
    },
    close() {},
  };
}

/** How long the worker may take to answer once a read's output is complete (it parsed it as it came). */
const ANSWER_MS = 30_000;

/**
 * Reads parsed by a worker running `code` (the bundled parse-worker-main.ts, evaluated: it loads the same way
 * from dist/ and from the single executable). When the worker cannot start, dies or does not answer within
 * `answerMs` of a read's end (stuck), it is stopped, the read under way fails with that reason and later reads
 * go inline.
 */
export function workerReader(code: string, answerMs = ANSWER_MS): SaveReader {
  let worker: Worker | null;
  try {
    worker = new Worker(code, { eval: true });
  } catch {
    return inlineReader();
  }
  const inline = inlineReader();
  let nextId = 1;
  const waiting = new Map<
    number,
    { key: string | null; resolve: (r: Ruleset) => void; reject: (e: unknown) => void }
  >();
  /** Each key's last read as built here: the base the worker's next delta for that key is against. */
  const last = new RememberedReads();
  /** Reads parsed here until the worker says it kept them too (bases are taken in the worker's order). */
  const quiet = new Map<number, { key: string | null; ruleset: Ruleset }>();
  const send = (m: ToWorker): void => worker?.postMessage(m);
  // A worker waiting for nothing must not keep fwtui running; one with a read under way must.
  const refresh = (): void => void (waiting.size > 0 ? worker?.ref() : worker?.unref());
  worker.unref();
  const stop = (why: unknown): void => {
    void worker?.terminate();
    worker = null;
    const words = why instanceof Error ? why.message : String(why);
    for (const w of waiting.values()) w.reject(new ParseWorkerStopped(words));
    waiting.clear();
  };
  worker.on('error', stop);
  worker.on('exit', () => stop(new Error('the parsing worker stopped')));
  worker.on('message', (m: FromWorker) => {
    const parsedHere = quiet.get(m.id);
    quiet.delete(m.id);
    if (parsedHere && m.kind === 'kept') last.remember(parsedHere.key, { id: m.id, ruleset: parsedHere.ruleset });
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    refresh();
    if (m.kind === 'kept') return;
    if (m.kind === 'failed') return w.reject(m.line > 0 ? new ParseError(m.line, m.reason) : new Error(m.reason));
    const before = m.base === null ? null : last.byId(m.base);
    if (m.base !== null && !before) {
      // Cannot happen (both sides see reads in one order); if it does, the next read starts afresh.
      last.clear();
      send({ kind: 'forget' });
      return w.reject(new Error('the parsing worker answered out of step; the next read starts afresh'));
    }
    try {
      const ruleset = applyDelta(before?.ruleset ?? null, m.delta);
      last.remember(w.key, { id: m.id, ruleset });
      w.resolve(ruleset);
    } catch (e) {
      w.reject(e);
    }
  });
  /** A read with nothing to build on (the first screen's): parsed here at once, and by the worker to build on. */
  function parseHere(family: Family, key: string | null, also: string | null, id: number): SaveRead {
    const here = inline.begin(family, null, null);
    send({ kind: 'begin', id, key, also, family, quiet: true });
    return {
      push(piece) {
        here.push(piece);
        send({ kind: 'piece', id, piece });
      },
      async end() {
        send({ kind: 'end', id });
        try {
          const ruleset = await here.end();
          quiet.set(id, { key, ruleset });
          return ruleset;
        } catch (e) {
          quiet.delete(id);
          throw e;
        }
      },
      abort() {
        send({ kind: 'abort', id });
      },
    };
  }

  return {
    get threaded() {
      return worker !== null;
    },
    close() {
      // Measured: a worker started just before an early SIGTERM kept fwtui running after its view had ended.
      if (worker) stop(new Error('the view has ended'));
    },
    begin(family, key, also = null) {
      if (!worker) return inline.begin(family, key, also);
      const id = nextId++;
      const pending = [...quiet.values()].some((q) => q.key !== null && (q.key === key || q.key === also));
      if (last.newest(key, also) === null && !pending) return parseHere(family, key, also, id);
      send({ kind: 'begin', id, key, also, family, quiet: false });
      return {
        push: (piece) => send({ kind: 'piece', id, piece }),
        end: () =>
          new Promise<Ruleset>((resolve, reject) => {
            if (!worker) return reject(new ParseWorkerStopped('the parsing worker stopped'));
            waiting.set(id, { key, resolve, reject });
            refresh();
            send({ kind: 'end', id });
            const stuck = setTimeout(() => {
              if (waiting.has(id)) stop(new Error(`the parsing worker did not answer within ${answerMs / 1000} s`));
            }, answerMs);
            stuck.unref();
          }),
        abort: () => send({ kind: 'abort', id }),
      };
    },
  };
}
