/** An in-memory FirewallSource for store and view tests: rulesets you can change between reads. */
import type { InterfaceAddress } from '../../src/domain/analysis/local-addresses.js';
import type { Protect } from '../../src/domain/analysis/lockout.js';
import { findDrift, type ApplyOutcome, type TablePlan } from '../../src/domain/commit/commit-plan.js';
import { parseSave } from '../../src/domain/text/parse-save.js';
import type { Family, Ruleset, RulesetSets, Table, TableName } from '../../src/domain/model/ruleset.js';
import type { SetPlan } from '../../src/domain/sets/set-plan.js';
import type { BootPort, FirewallSource, SafetyPort } from '../../src/domain/ports/firewall-source.js';

export class FakeSource implements FirewallSource {
  readonly label = 'testhost';
  readonly zeroed: string[] = [];
  reads = 0;
  readonly checks = true;
  /** The safety net, when a test gives one. */
  safety?: SafetyPort;
  /** Saving for boot, when a test gives it. */
  boot?: BootPort;
  /** Whom the lockout check protects, when a test gives it. */
  protect?: () => Promise<Protect>;
  /** The interfaces that exist, when a test gives them. */
  interfaces?: () => Promise<readonly string[]>;
  /** The namespace's IP sets, when a test gives them. */
  sets?: () => Promise<RulesetSets>;
  /** The namespace's addresses, when a test gives them. */
  localAddresses?: () => Promise<readonly InterfaceAddress[] | null>;
  /** The namespace's routing (forwarding, routes), when a test gives it. */
  routing?: FirewallSource['routing'];
  /** What the internet can reach, when a test gives it. */
  exposure?: FirewallSource['exposure'];
  /** The ruleset events feed, when a test gives one. */
  events?: FirewallSource['events'];
  /** The connection tracking table, when a test gives it. */
  connections?: FirewallSource['connections'];
  /** What the fake kernel check answers (null: accepted). */
  kernelSays: string | null = null;
  readonly checked: string[] = [];
  readonly commits: TablePlan[][] = [];
  /** The set plans each commit was given (commits without set changes add nothing). */
  readonly setCommits: SetPlan[][] = [];
  /** What a commit does with set plans, when a test gives it (else they are only recorded). */
  applySets?: (plans: readonly SetPlan[]) => void;
  /** Makes the next commit fail like a refused restore. */
  failCommit: string | null = null;
  private rulesets = new Map<Family, Ruleset>();

  constructor(
    readonly live: boolean,
    texts: Partial<Record<Family, string>>,
  ) {
    for (const [family, text] of Object.entries(texts) as [Family, string][]) this.set(family, text);
  }

  /** Replaces what the next read returns. */
  set(family: Family, text: string): void {
    this.rulesets.set(family, parseSave(text, { family }));
  }

  async families(): Promise<Family[]> {
    return [...this.rulesets.keys()];
  }

  async read(family: Family) {
    this.reads++;
    const ruleset = this.rulesets.get(family);
    if (!ruleset) throw new Error(`no ${family}`);
    return { ruleset, variant: 'nft' as const, durationMs: 5 };
  }

  async readTable(family: Family, table: TableName) {
    const { ruleset } = await this.read(family);
    return {
      ruleset: { ...ruleset, tables: ruleset.tables.filter((t) => t.name === table) },
      variant: 'nft' as const,
      durationMs: 5,
    };
  }

  async zeroChain(family: Family, table: TableName, chain: string): Promise<void> {
    this.zeroed.push(`${family} ${table} ${chain}`);
  }

  private table(family: Family, name: TableName): Table {
    return this.rulesets.get(family)?.tables.find((t) => t.name === name) ?? { name, chains: [] };
  }

  /** Like the live backend: stops on drift, else the staged tables become what reads return. */
  async commit(plans: readonly TablePlan[], sets?: readonly SetPlan[]): Promise<ApplyOutcome> {
    this.commits.push([...plans]);
    if (sets) this.setCommits.push([...sets]);
    if (sets) this.applySets?.(sets);
    const fresh = plans.map((p) => ({ family: p.family, table: this.table(p.family, p.table) }));
    const drift = plans.map((p, i) => findDrift(p, fresh[i]!.table)).filter((d) => d !== null);
    if (drift.length > 0) return { kind: 'drift', drift, fresh };
    if (this.failCommit) throw new Error(this.failCommit);
    for (const p of plans) {
      const rs = this.rulesets.get(p.family)!;
      this.rulesets.set(p.family, { ...rs, tables: rs.tables.map((t) => (t.name === p.table ? p.staged : t)) });
    }
    const pending = this.safety
      ? { id: '0123456789abcdef', deadline: 60_000, summary: ['filter INPUT: a change'] }
      : undefined;
    return {
      kind: 'applied',
      fresh: plans.map((p) => ({ family: p.family, table: p.staged })),
      problems: [],
      ...(pending ? { pending } : {}),
    };
  }

  async checkRule(family: Family, table: TableName, chain: string, spec: string): Promise<string | null> {
    this.checked.push(`${family} ${table} ${chain} ${spec}`);
    return this.kernelSays;
  }
}

export const RULES_V4 = (sshPackets = 10, webPackets = 5) => `*filter
:INPUT DROP [100:10000]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:TCP - [0:0]
:WEB - [0:0]
[50:5000] -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
[1:100] -A INPUT -i lo -j ACCEPT
[20:1200] -A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j TCP
[3:180] -A INPUT -j REJECT --reject-with icmp-proto-unreachable
[${sshPackets}:600] -A TCP -p tcp -m tcp --dport 22 -m comment --comment "ssh from the office" -j ACCEPT
[${webPackets}:300] -A TCP -p tcp -m multiport --dports 80,443 -j WEB
[0:0] -A WEB -s 198.51.100.7/32 -j DROP
[5:300] -A WEB -j ACCEPT
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
[7:420] -A POSTROUTING -o eth0 -j MASQUERADE
COMMIT
`;

export const RULES_V6 = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
[0:0] -A INPUT -p ipv6-icmp -j ACCEPT
[0:0] -A INPUT -s 2001:db8::/32 -p tcp -m tcp --dport 22 -j ACCEPT
COMMIT
`;
