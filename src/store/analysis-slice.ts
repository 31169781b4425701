/**
 * Analysis in the view: T asks for a packet and marks the rules it passes
 * (on the staged rules when there are edits: "what would happen"), and A
 * lists shadowed and never-hit rules of the table.
 */
import { notForThisMachine } from '../domain/analysis/local-addresses.js';
import { tracePacket } from '../domain/analysis/evaluate.js';
import { describePacket, PacketSpecError, parsePacketSpec } from '../domain/analysis/packet-spec.js';
import { splitArgs, QuotingError } from '../domain/text/quoting.js';
import type { Packet } from '../domain/analysis/packet.js';
import type { Ruleset, Table } from '../domain/model/ruleset.js';
import { traceStatusLine, verdictLine } from '../domain/analysis/trace-report.js';
import type { GetState, SetState } from './slice.js';
import { cursorKey, tableKey, type AppState, type TraceView } from './app-state.js';

/** The last trace and the analysis view's scroll. */
export interface AnalysisState {
  /** T: the last packet traced and the rules on its path (cleared with T). */
  readonly trace: TraceView | null;
  /** The words of the last trace, offered again. */
  readonly lastTrace: string;
  readonly analysisScroll: number;
}

/** No trace yet. */
export const initialAnalysis = (): AnalysisState => ({ trace: null, lastTrace: '', analysisScroll: 0 });

export interface AnalysisActions {
  /** T: asks for a packet (or, with a trace shown, clears it). */
  askTrace(): void;
  /** The packet words from the prompt: trace it, mark the path, jump to the deciding rule. */
  runTrace(words: string): string | null;
  /** A: the shadowed and never-hit rules of this table. */
  openAnalysis(): void;
  scrollAnalysis(delta: number): void;
}

declare module './app-state.js' {
  interface AppState extends AnalysisState {}
}
declare module './slice.js' {
  interface AppActions extends AnalysisActions {}
}

/** The tables the view shows for the current family: staged where edited, else live. */
function shownTables(s: AppState): Table[] {
  const tables = s.views[s.family]?.tables ?? [];
  return tables.map((t) => s.staging.staged[tableKey(s.family, t.name)] ?? t);
}

/** The analysis slice's actions. */
export function createAnalysisActions(set: SetState, get: GetState): AnalysisActions {
  let traces = 0;
  /** Traces `packet` through `ruleset`: the verdict in the status line, the path marked, the deciding rule selected. */
  const show = (words: string, packet: Packet, ruleset: Ruleset, staged: string): void => {
    const s = get();
    const trace = tracePacket(ruleset, packet);
    const decided = trace.decidedBy?.kind === 'rule' ? trace.decidedBy.rule : trace.path.at(-1);
    set({
      lastTrace: words,
      trace: {
        family: ruleset.family,
        packet: describePacket(packet),
        line: `${verdictLine(trace)}${staged}`,
        path: trace.path.map((r) => ({ table: r.table, chain: r.chain, index: r.number - 1 })),
      },
      notice: `${traceStatusLine(trace)}${staged} · T clears`,
      ...(decided
        ? {
            table: decided.table,
            chain: decided.chain,
            cursor: {
              ...s.cursor,
              [cursorKey({ family: ruleset.family, table: decided.table, chain: decided.chain })]: decided.number - 1,
            },
            focus: 'rules' as const,
          }
        : {}),
    });
  };
  const actions: AnalysisActions = {
    askTrace() {
      if (get().trace) return set({ trace: null, notice: 'trace cleared' });
      const label = 'Packet (-p tcp -s ADDR --dport 22 -i eth0 [--state ESTABLISHED])';
      get().actions.askFor('trace', label, (words) => actions.runTrace(words.trim()), get().lastTrace);
    },
    runTrace(words) {
      const s = get();
      let packet: Packet;
      try {
        packet = parsePacketSpec(splitArgs(words), s.family);
      } catch (e) {
        if (e instanceof PacketSpecError || e instanceof QuotingError) return e.message;
        throw e;
      }
      // Asked as one for this machine but addressed elsewhere: no verdict for a path the packet never takes.
      const asked = words.includes('--direction') || packet.direction !== 'input';
      const elsewhere = asked ? null : notForThisMachine(s.localAddresses, packet.destination);
      if (elsewhere !== null) {
        return `${elsewhere}: it would be forwarded or routed, not delivered here; add --direction forward`;
      }
      const tables = shownTables(s);
      const base: Ruleset = { family: s.family, tables, warnings: [], sets: s.sets };
      const ruleset = s.localAddresses ? { ...base, localAddresses: s.localAddresses } : base;
      // Where a DNAT or REDIRECT sends the packet: the namespace's routing, read when the rules rewrite destinations.
      const routing = s.actions.routingFor(s.family, tables);
      const staged = s.staging.edits.length > 0 ? ' (on the staged rules)' : '';
      const seq = ++traces;
      set({ overlay: null });
      if (!(routing instanceof Promise)) {
        show(words, packet, routing ? { ...ruleset, routing } : ruleset, staged);
        return null;
      }
      const reading = "tracing: reading the namespace's routes…";
      set({ notice: reading });
      void routing.then((facts) => {
        // A newer T, or another family on screen, makes this answer stale: dropped, and said so if still waited for.
        if (seq !== traces) return;
        if (get().family === packet.family)
          show(words, packet, facts ? { ...ruleset, routing: facts } : ruleset, staged);
        else set((now) => (now.notice === reading ? { notice: 'trace dropped: another family is on screen' } : {}));
      });
      return null;
    },
    openAnalysis() {
      set({ overlay: { kind: 'analysis' }, analysisScroll: 0 });
    },
    scrollAnalysis: (delta) => set((s) => ({ analysisScroll: Math.max(0, s.analysisScroll + delta) })),
  };
  return actions;
}
