/**
 * The `:` prompt: iptables command lines pasted from a tutorial, staged as
 * exactly the edits iptables would make, all lines as one batch (one undo),
 * or nothing at all when one line cannot be staged (the message names it).
 */
import { ownedChainsWarning } from '../domain/model/chain-owners.js';
import { commandEdits } from '../domain/edit/command-edits.js';
import { CommandLineError, parseCommandLines, type CommandLine } from '../domain/text/command-line.js';
import { EditError, type Edit } from '../domain/edit/edits.js';
import { missingInterfaceWarnings } from '../domain/model/interface-names.js';
import { splitArgs } from '../domain/text/quoting.js';
import type { Family, Table } from '../domain/model/ruleset.js';
import { tableKey, type AppState } from './app-state.js';
import { stagedSetExcuse } from './set-selectors.js';
import type { GetState, SetState } from './slice.js';
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import { stageEdit } from './staging.js';
import { familyWithCommand } from '../domain/model/family-label.js';

export interface CommandActions {
  /** `:` asks for iptables command lines. */
  askCommand(): void;
  /**
   * Stages what the lines do; resolves to the problem (naming the line) when
   * nothing was staged, else null.
   */
  runCommands(text: string): Promise<string | null>;
}

declare module './slice.js' {
  interface AppActions extends CommandActions {}
}

/** Whether the staged (or live) table still has the chain a line was about: the view goes there. */
function shows(staging: AppState['staging'], at: { family: Family; table: Table['name']; chain: string }): boolean {
  return staging.staged[tableKey(at.family, at.table)]?.chains.some((c) => c.name === at.chain) ?? false;
}

const PROMPT = 'iptables command(s):';
const EXAMPLE = 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT';

/** Where the view goes after a paste: the last line's chain. */
interface Where {
  readonly family: Family;
  readonly table: Table['name'];
  readonly chain: string;
  readonly at: number;
}

/** The command line's actions (no state of its own: it stages into the staging slice). */
export function createCommandActions(set: SetState, get: GetState, source: FirewallSource): CommandActions {
  /** The live table a line is about, reading its family first when the view has not yet. */
  async function liveOf(c: CommandLine): Promise<Table> {
    const s = get();
    if (!s.families.includes(c.family)) throw new EditError(`${familyWithCommand(c.family)} is not available here`);
    if (!s.views[c.family]) await s.actions.readFamily(c.family);
    const view = get().views[c.family]!;
    if (c.variant && view.variant !== 'file' && c.variant !== view.variant) {
      throw new EditError(
        `fwtui shows the ${view.variant} rules; this line is for iptables-${c.variant}` +
          ` (start fwtui with --backend ${c.variant})`,
      );
    }
    const table = view.tables.find((t) => t.name === c.table);
    if (!table) {
      throw new EditError(`the ${c.table} table is not loaded here (it has no rules yet; iptables would make it)`);
    }
    return table;
  }

  /** iptables' own check of a rule the line adds (iptables-restore --test), or null. */
  async function kernelRefuses(c: CommandLine, edit: Edit, table: Table): Promise<string | null> {
    if (edit.kind !== 'insert' && edit.kind !== 'replace') return null;
    const declare = table.chains.filter((x) => x.policy === null).map((x) => x.name);
    const said = await source.checkRule(
      c.family,
      c.table,
      edit.chain,
      edit.kind === 'insert' ? edit.spec : edit.with,
      declare,
    );
    // A rule on a set these edits create cannot be checked before the commit creates it: not a refusal.
    return stagedSetExcuse(get(), said) ? null : said;
  }

  /** What is allowed but worth saying about the staged edits: owned chains, interfaces that do not exist now. */
  async function notesOn(edits: readonly Edit[]): Promise<string[]> {
    const owned = ownedChainsWarning(edits.map((e) => e.chain));
    const interfaces = (await source.interfaces?.().catch(() => null)) ?? null;
    const typed = edits.flatMap((e) => (e.kind === 'insert' ? [e.spec] : e.kind === 'replace' ? [e.with] : []));
    const missing = new Set(typed.flatMap((spec) => missingInterfaceWarnings(splitArgs(spec), interfaces)));
    return [...(owned ? [owned] : []), ...missing];
  }

  const actions: CommandActions = {
    askCommand: () => get().actions.askFor('command', PROMPT, (text) => actions.runCommands(text)),

    async runCommands(text) {
      let lines: CommandLine[];
      try {
        lines = parseCommandLines(text);
      } catch (e) {
        if (e instanceof CommandLineError) return e.message;
        throw e;
      }
      if (lines.length === 0) return `paste or type an iptables command (${EXAMPLE})`;
      const start = get().staging;
      let next = start;
      // Unique while these edits stand: earlier batches started at a shorter list.
      const batch = start.edits.length;
      let last: Where | null = null;
      for (const c of lines) {
        try {
          const live = await liveOf(c);
          const key = tableKey(c.family, c.table);
          const edits = commandEdits(c.command, next.staged[key] ?? live, c.family);
          for (const edit of edits) {
            const refused = await kernelRefuses(c, edit, next.staged[key] ?? live);
            if (refused) return new CommandLineError(c.line, c.text, `iptables refuses it: ${refused}`).message;
            next = stageEdit(next, live, c.family, edit, batch);
          }
          const first = edits[0];
          const chain = c.command.op === 'rename' ? c.command.to : c.command.chain;
          last = { family: c.family, table: c.table, chain, at: first && 'at' in first ? first.at : 0 };
        } catch (e) {
          if (e instanceof EditError) return new CommandLineError(c.line, c.text, e.message).message;
          throw e;
        }
      }
      const added = next.edits.slice(start.edits.length).map((e) => e.edit);
      const notes = await notesOn(added);
      if (get().staging !== start) return 'the staged edits changed meanwhile: paste again';
      const said = `staged ${added.length} edit(s) from ${lines.length} line(s): c reviews them, u takes them all back`;
      set((s) => {
        const go = last && last.family === s.family && last.table === s.table && shows(next, last) ? last : null;
        return {
          staging: next,
          overlay: null,
          notice: notes.length > 0 ? `${said}. Note: ${notes.join('; ')}` : said,
          ...(go ? { chain: go.chain, cursor: { ...s.cursor, [`${go.family}/${go.table}/${go.chain}`]: go.at } } : {}),
        };
      });
      return null;
    },
  };
  return actions;
}
