/**
 * `fwtui trace`: what the firewall does with one packet, and which rules decide it
 * (app/trace/packet-trace.ts), printed. Exit 0 accept, 1 drop or reject, 3 uncertain (errors: 11, see main.ts).
 */
import { describePacket, parsePacketSpec } from '../domain/analysis/packet-spec.js';
import { traceJson, traceReport } from '../domain/analysis/trace-report.js';
import { tracePacketIn } from '../app/trace/packet-trace.js';
import type { CommandRunner } from '../backend/runner.js';
import type { CliOptions } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { printable } from '../domain/text/printable.js';

export interface TraceIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: () => Promise<string>;
}

/** Exit codes of trace: the verdict, for scripts. */
export const TRACE_EXIT = { accept: 0, blocked: 1, uncertain: 3 } as const;

export async function traceCommand(opts: CliOptions, runner: CommandRunner, io: TraceIo): Promise<ExitCode> {
  const given = parsePacketSpec(opts.packet, opts.family);
  const r = await tracePacketIn(opts, given, opts.packet.includes('--direction'), runner, io.stdin);
  if (r.kind === 'off-path') {
    if (opts.json) io.stdout(`${JSON.stringify(traceJson(r.packet, r.trace), null, 2)}\n`);
    else io.stdout(`packet: ${describePacket(r.packet, 'for another machine')}\nverdict: uncertain: ${r.why}\n`);
    return TRACE_EXIT.uncertain as ExitCode;
  }
  for (const w of r.warnings) io.stderr(`fwtui: warning: ${printable(w)}\n`);
  if (opts.json) io.stdout(`${JSON.stringify(traceJson(r.packet, r.trace), null, 2)}\n`);
  else io.stdout(`${[...traceReport(r.packet, r.trace), ...r.notes].join('\n')}\n`);
  if (r.trace.verdict === null) return TRACE_EXIT.uncertain as ExitCode;
  return r.trace.verdict === 'ACCEPT' ? EXIT.ok : EXIT.failure;
}
