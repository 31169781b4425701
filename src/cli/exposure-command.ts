/**
 * `fwtui exposure`: which ports the internet reaches on each interface, and the rule that decides each
 * (app/exposure/exposure.ts), printed as a table or as JSON. Exit 0 when nothing is open beyond the
 * exposures --expect FILE acknowledges, 1 when something is (a cron job alerts on a new exposure).
 */
import { exposureOf } from '../app/exposure/exposure.js';
import { InputError, readInput } from '../app/sources/load-ruleset.js';
import type { CommandRunner } from '../backend/runner.js';
import {
  ExpectListError,
  isExpected,
  parseExpectList,
  unexpectedOpen,
  unknownExpected,
} from '../domain/exposure/expect-list.js';
import type { ExposureEntry } from '../domain/exposure/exposure-entry.js';
import { exposureText, wrapWords } from '../domain/exposure/exposure-text.js';
import { printable } from '../domain/text/printable.js';
import type { CliOptions } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface ExposureIo {
  stdout: (text: string) => void;
  stdin: () => Promise<string>;
}

const name = (e: ExposureEntry): string => `${e.proto}/${e.port}@${e.interface}`;

/** Runs the command; errors (unreadable --expect, iptables failing) are thrown for main's report. */
export async function exposureCommand(opts: CliOptions, runner: CommandRunner, io: ExposureIo): Promise<ExitCode> {
  // The expect file is read first: a typo in it must not cost a whole report.
  let expected = null;
  if (opts.expect !== undefined) {
    try {
      expected = parseExpectList(await readInput(opts.expect, io.stdin), opts.expect);
    } catch (e) {
      if (e instanceof ExpectListError) throw new InputError(`--expect: ${e.message}`);
      throw e;
    }
  }
  const family = opts.family ?? 'ipv4';
  const report = await exposureOf({ ...opts, family }, runner, io.stdin);
  const unknown = expected && unknownExpected(expected, report, opts.expect!);
  if (unknown) throw new InputError(`--expect: ${unknown}`);
  const left = unexpectedOpen(report.entries, expected ?? []);
  if (opts.json) {
    // With --expect each entry says whether a line covers it (`expected`), whatever its verdict.
    const marked = expected
      ? { ...report, entries: report.entries.map((e) => ({ ...e, expected: isExpected(e, expected) })) }
      : report;
    io.stdout(`${JSON.stringify(marked, null, 2)}\n`);
    return left.length > 0 ? EXIT.failure : EXIT.ok;
  }
  const lines = exposureText(report);
  if (left.length > 0) {
    const what = left.map(name).join(', ');
    const head = expected ? `open and not in ${opts.expect}: ` : 'open from outside: ';
    lines.push(...wrapWords(`${what} (exit 1; list what is meant to be open in --expect FILE)`, head, '  '));
  } else if (expected) lines.push(`everything open is in ${opts.expect}`);
  io.stdout(`${lines.map((l) => printable(l)).join('\n')}\n`);
  return left.length > 0 ? EXIT.failure : EXIT.ok;
}
