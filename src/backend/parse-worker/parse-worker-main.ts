/**
 * The parsing worker (a worker_threads thread): iptables-save text arrives in pieces, is parsed here with the
 * domain parser, and leaves as what changed since the same command's read before (read-delta.ts). It starts no
 * process and touches no file.
 */
import { parentPort } from 'node:worker_threads';
import { deltaOf } from '../../domain/diff/read-delta.js';
import { ParseError } from '../../domain/text/parse-error.js';
import { SaveParser } from '../../domain/text/parse-save.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { RememberedReads } from './remembered.js';

interface Open {
  readonly key: string | null;
  readonly also: string | null;
  readonly quiet: boolean;
  readonly parser: SaveParser;
  failed: ParseError | Error | null;
}

const open = new Map<number, Open>();
/** Each command's last read: the base of its next delta. */
const last = new RememberedReads();

function answer(id: number, o: Open): FromWorker {
  try {
    if (o.failed) throw o.failed;
    const ruleset = o.parser.end();
    if (o.quiet) {
      last.remember(o.key, { id, ruleset });
      return { kind: 'kept', id };
    }
    const before = last.newest(o.key, o.also);
    const delta = deltaOf(before?.ruleset ?? null, ruleset);
    last.remember(o.key, { id, ruleset });
    return { kind: 'read', id, base: before?.id ?? null, delta };
  } catch (e) {
    if (e instanceof ParseError) return { kind: 'failed', id, line: e.line, reason: e.reason };
    return { kind: 'failed', id, line: 0, reason: e instanceof Error ? e.message : String(e) };
  }
}

parentPort?.on('message', (m: ToWorker) => {
  if (m.kind === 'forget') {
    last.clear();
    return;
  }
  if (m.kind === 'begin')
    open.set(m.id, {
      key: m.key,
      also: m.also,
      quiet: m.quiet,
      parser: new SaveParser({ family: m.family }),
      failed: null,
    });
  const o = open.get(m.id);
  if (!o) return;
  if (m.kind === 'piece') {
    if (o.failed) return;
    try {
      o.parser.push(m.piece);
    } catch (e) {
      o.failed = e instanceof Error ? e : new Error(String(e));
    }
  } else if (m.kind === 'end') {
    open.delete(m.id);
    parentPort?.postMessage(answer(m.id, o));
  } else if (m.kind === 'abort') open.delete(m.id);
});
