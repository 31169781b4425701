/**
 * `xtables-monitor -e` output (iptables 1.8.9, nf_tables) as ruleset changes. Pure. The monitor prints one
 * ` EVENT: …` line per changed object, then `NEWGEN: GENID=13 PID=7108 NAME=iptables-nft` for the generation
 * (the kernel's one commit) they belong to:
 *
 * ```
 *  EVENT: -4 -t filter -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT     (a rule; -I is printed as -A)
 *  EVENT: -6 -t filter -N B1                                           (a user chain made, -X removed)
 *  EVENT: # nft: ip filter INPUT use 2 type filter hook input … policy drop …   (a base chain: policy, counters)
 *  EVENT: nft: NEW table: table mangle ip flags 0 use 1 handle 4      (a table made, DEL removed)
 * ```
 * A line fwtui cannot place names no table: the reader must then assume any table changed.
 */
import type { Family } from '../model/ruleset.js';

/** One changed object, as far as the line says. */
export interface RulesetChange {
  /** ipv4/ipv6; `other` for nft families iptables does not show (inet, arp, bridge); null: not said. */
  readonly family: Family | 'other' | null;
  /** The table's name; null: not said (then any table may have changed). */
  readonly table: string | null;
  /** The chain; null for a table or when not said. */
  readonly chain: string | null;
  /** The monitor's line, after `EVENT: `. */
  readonly text: string;
}

/** One kernel commit (generation) and who made it, as the kernel reported. */
export interface RulesetGeneration {
  /** GENID; null when the monitor ended before the generation's line. */
  readonly id: number | null;
  /** The writer's pid and its process name (the kernel's 15-character comm, e.g. `iptables-nft-re`). */
  readonly pid: number | null;
  readonly program: string | null;
  /** One change per place (family, table, chain), the first line seen there. */
  readonly changes: readonly RulesetChange[];
  /**
   * Every event line of the generation in the kernel's order (after `EVENT: `), up to MAX_EVENT_TEXTS: what a
   * commit checks its own write against. `complete` is false when lines were left out.
   */
  readonly texts?: readonly string[];
  readonly complete?: boolean;
}

/** How many lines of one generation are kept: a bulk restore by another program must not grow memory. */
export const MAX_EVENT_TEXTS = 1000;

const NFT_FAMILY: Readonly<Record<string, Family>> = { ip: 'ipv4', ip6: 'ipv6' };
const nftFamily = (word: string): Family | 'other' => NFT_FAMILY[word] ?? 'other';

/** The text after ` EVENT: ` as a change; a line of unknown shape names no family, table or chain. */
export function parseEventText(text: string): RulesetChange {
  const rule = /^-([46]) -t (\S+) -[ADNXIRE] (\S+)/.exec(text);
  if (rule) return { family: rule[1] === '4' ? 'ipv4' : 'ipv6', table: rule[2]!, chain: rule[3]!, text };
  const base = /^# nft: (\S+) (\S+) (\S+)/.exec(text);
  if (base) return { family: nftFamily(base[1]!), table: base[2]!, chain: base[3]!, text };
  const table = /^nft: (?:NEW|DEL) table: table (\S+) (\S+)/.exec(text);
  if (table) return { family: nftFamily(table[2]!), table: table[1]!, chain: null, text };
  return { family: null, table: null, chain: null, text };
}

/** Whether a change may concern one family's table (a change that names neither may concern any). */
export function mayConcern(change: RulesetChange, family: Family, table: string): boolean {
  return (change.family === null || change.family === family) && (change.table === null || change.table === table);
}

const NEWGEN = /^NEWGEN: GENID=(\d+) PID=(\d+) NAME=(.*)$/;

/**
 * Reads the monitor's output piece by piece (pieces split anywhere) and hands back each finished generation.
 * Lines that are neither events nor generations (a message on stdout) become changes of unknown place.
 */
export class MonitorParser {
  private rest = '';
  /** This generation's changes, one per place: a restore of 100k rules is one change per chain, not 100k. */
  private changes = new Map<string, RulesetChange>();
  private texts: string[] = [];
  private lines = 0;

  /** Takes the next piece of output; returns the generations it completed, in order. */
  feed(piece: string): RulesetGeneration[] {
    const lines = (this.rest + piece).split('\n');
    this.rest = lines.pop() ?? '';
    const done: RulesetGeneration[] = [];
    for (const raw of lines) {
      const line = raw.trim();
      if (line === '') continue;
      const gen = NEWGEN.exec(line);
      if (gen) {
        const changes = [...this.changes.values()];
        const texts = { texts: this.texts, complete: this.lines === this.texts.length };
        done.push({ id: Number(gen[1]), pid: Number(gen[2]), program: gen[3]!.trim(), changes, ...texts });
        this.changes = new Map();
        this.texts = [];
        this.lines = 0;
      } else {
        const change = parseEventText(line.replace(/^EVENT: /, ''));
        if (++this.lines <= MAX_EVENT_TEXTS) this.texts.push(change.text);
        const place = `${change.family} ${change.table} ${change.chain}`;
        if (!this.changes.has(place)) this.changes.set(place, change);
      }
    }
    return done;
  }

  /** At the end of the output: what is left, the last events without their generation line included. */
  end(): RulesetGeneration[] {
    const done = this.rest.trim() === '' ? [] : this.feed('\n');
    if (this.changes.size > 0)
      done.push({ id: null, pid: null, program: null, changes: [...this.changes.values()], complete: false });
    this.changes = new Map();
    this.texts = [];
    this.lines = 0;
    return done;
  }
}

/** "iptables-nft pid 7108, nft pid 8082": the writers of these generations as the kernel named them, each once. */
export function describeWriters(generations: readonly RulesetGeneration[]): string {
  const named = generations.filter((g) => g.program !== null && g.pid !== null).map((g) => `${g.program} pid ${g.pid}`);
  return [...new Set(named)].join(', ');
}
