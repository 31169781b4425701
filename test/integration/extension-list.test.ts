/**
 * Every match and target extension iptables 1.8.9 ships, as its own tests write them
 * (extensions/lib*.t, test/fixtures/iptables-extensions): loaded into throwaway namespaces
 * (nft and legacy, IPv4 and IPv6), `fwtui list --netns` must print exactly what
 * `iptables -L -n -v -x --line-numbers` prints, rule for rule; and `fwtui list --file` of the
 * same rules as written (older spellings, defaults left out) must print what the kernel lists.
 * Rules the kernel here refuses (missing modules, external set-up) are left out and reported.
 */
import { writeFileSync } from 'node:fs';
import { formatList } from '../../src/domain/listing/list-format.js';
import { parseSave } from '../../src/domain/text/parse-save.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExtensionRules, moduleFamilies, restoreInput, type ExtensionRule } from '../helpers/extension-rules.js';
import { withoutComments } from '../helpers/fixtures.js';
import { createNetns, requireNetns, type TestNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run-cli.js';
import type { Family } from '../../src/domain/model/ruleset.js';
import type { Variant } from './rulesets.js';

const available = await requireNetns();
const ALL = ['rules.txt', 'older-spellings.txt', 'sets.txt'].flatMap((file) => loadExtensionRules(file));

/** Modules the issue names, and the common ones: they must load here, or the test proves nothing. */
const MUST_LOAD = [
  'set',
  'SET',
  'devgroup',
  'older-mangle',
  'older-raw',
  'older-output',
  'libxt_hashlimit',
  'libxt_CONNMARK',
  'libxt_CT',
  'libxt_NOTRACK',
  'libxt_CHECKSUM',
  'libxt_tcp',
  'libxt_udp',
  'libxt_conntrack',
  'libxt_multiport',
  'libxt_limit',
  'libxt_MARK',
  'libxt_comment',
  'libxt_recent',
];
const MUST_LOAD_V4 = [
  'older-filter4',
  'older-nat4',
  'libxt_iprange',
  'libipt_LOG',
  'libipt_REJECT',
  'libipt_icmp',
  'libipt_DNAT',
  'libipt_SNAT',
];
const MUST_LOAD_V6 = [
  'older-filter6',
  'libip6t_LOG',
  'libip6t_REJECT',
  'libip6t_icmp6',
  'libip6t_DNAT',
  'libip6t_SNAT',
];

/**
 * A file does not say which iptables will load it; fwtui lists it as iptables-nft does. Legacy prints
 * `eui64 ` for the eui64 match (it has no print function there), nft prints nothing; legacy keeps
 * NFLOG's obsolete `--nflog-range` and cuts its prefix at 64 characters, nft drops the range.
 */
const LEGACY_ONLY_TEXT = new Set(['libip6t_eui64', 'libxt_NFLOG']);

/** One rule line of `iptables -L` that fwtui printed differently. */
interface Mismatch {
  module: string;
  rule: string;
  iptables: string;
  fwtui: string;
}

async function tryRestore(ns: TestNetns, command: string, input: string): Promise<boolean> {
  try {
    await ns.exec([command, '-w', '5'], input);
    return true;
  } catch {
    return false;
  }
}

/**
 * Which rules load here. Test files are tried in halving groups (most load, so few restores are
 * needed); a file that fails on its own is tried rule by rule.
 */
async function acceptedRules(
  ns: TestNetns,
  command: string,
  rules: readonly ExtensionRule[],
): Promise<ExtensionRule[]> {
  const load = (modules: readonly string[]): ExtensionRule[] => rules.filter((r) => modules.includes(r.module));
  const accepted: ExtensionRule[] = [];
  const tryGroup = async (modules: readonly string[]): Promise<void> => {
    if (await tryRestore(ns, command, restoreInput(load(modules)))) {
      accepted.push(...load(modules));
    } else if (modules.length > 1) {
      const half = Math.ceil(modules.length / 2);
      await tryGroup(modules.slice(0, half));
      await tryGroup(modules.slice(half));
    } else {
      for (const rule of load(modules)) if (await tryRestore(ns, command, restoreInput([rule]))) accepted.push(rule);
    }
  };
  await tryGroup([...new Set(rules.map((r) => r.module))]);
  // Back in file order, so that each chain holds the rules in the order the fixture lists them.
  return rules.filter((r) => accepted.includes(r));
}

/** The rule lines of an `iptables -L` text, each with the chain it is in. */
function ruleLines(listText: string): { chain: string; line: string }[] {
  const out: { chain: string; line: string }[] = [];
  let chain = '';
  for (const line of listText.split('\n')) {
    const header = /^Chain (\S+)/.exec(line);
    if (header) chain = header[1]!;
    else if (/^\d/.test(line)) out.push({ chain, line });
  }
  return out;
}

/** Lines fwtui printed differently, each named by the test file and rule it comes from. */
function mismatches(loaded: readonly ExtensionRule[], table: string, iptables: string, fwtui: string): Mismatch[] {
  const ours = ruleLines(fwtui);
  const seen = new Map<string, number>();
  const found: Mismatch[] = [];
  for (const { chain, line } of ruleLines(iptables)) {
    const n = seen.get(chain) ?? 0;
    seen.set(chain, n + 1);
    const rule = loaded.filter((r) => r.table === table && r.chain === chain)[n];
    const mine = ours.filter((l) => l.chain === chain)[n]?.line;
    if (mine !== line) {
      const text = `-A ${chain} ${rule?.text ?? '?'}`;
      found.push({ module: rule?.module ?? '?', rule: text, iptables: line, fwtui: mine ?? '(none)' });
    }
  }
  return found;
}

const report: Record<string, unknown> = {};
afterAll(() => {
  // FWTUI_EXTENSION_REPORT=FILE writes which modules loaded and which printed differently.
  const file = process.env.FWTUI_EXTENSION_REPORT;
  if (file) writeFileSync(file, JSON.stringify(report, null, 1));
});

/** A namespace holding every rule of the fixtures that loads here, and what the kernel lists for it. */
interface Loaded {
  ns: TestNetns;
  loaded: ExtensionRule[];
  /** Each table as `iptables -L -n -v -x --line-numbers` printed it after loading. */
  kernel: Map<string, string>;
}

async function prepare(variant: Variant, family: Family): Promise<Loaded> {
  const base = family === 'ipv6' ? 'ip6tables' : 'iptables';
  const rules = ALL.filter((r) => moduleFamilies(r.module).includes(family));
  const ns = await createNetns();
  // The sets sets.txt uses (ipsets belong to the namespace).
  for (const [name, type] of [
    ['fwtui-ip', 'hash:ip'],
    ['fwtui-ipport', 'hash:ip,port'],
  ]) {
    await ns.exec(['ipset', 'create', name!, type!, 'family', family === 'ipv6' ? 'inet6' : 'inet']);
  }
  const command = `${base}-${variant}-restore`;
  const loaded = await acceptedRules(ns, command, rules);
  await ns.exec([command, '-w', '5'], restoreInput(loaded));
  const kernel = new Map<string, string>();
  for (const table of new Set(loaded.map((r) => r.table))) {
    const argv = [`${base}-${variant}`, '-w', '5', '-t', table, '-L', '-n', '-v', '-x', '--line-numbers'];
    kernel.set(table, withoutComments(await ns.exec(argv)));
  }
  const modules = [...new Set(rules.map((r) => r.module))];
  report[`${variant} ${family}`] = {
    notLoaded: modules.filter((m) => !loaded.some((r) => r.module === m)),
    partly: modules
      .map((m) => ({ m, refused: rules.filter((r) => r.module === m && !loaded.includes(r)) }))
      .filter(({ m, refused }) => refused.length > 0 && loaded.some((r) => r.module === m))
      .map(({ m, refused }) => ({ m, refused: refused.map((r) => `${r.chain} ${r.text}`) })),
  };
  return { ns, loaded, kernel };
}

// The four namespaces are filled at the same time (each waits mostly on iptables), not one after another.
const COMBOS = (['nft', 'legacy'] as Variant[]).flatMap((variant) =>
  (['ipv4', 'ipv6'] as const).map((family) => ({ variant, family })),
);
const prepared = new Map<string, Promise<Loaded>>();
if (available) {
  for (const { variant, family } of COMBOS) {
    const promise = prepare(variant, family);
    promise.catch(() => undefined); // reported by the describe that awaits it
    prepared.set(`${variant} ${family}`, promise);
  }
}

for (const { variant, family } of COMBOS) {
  describe.runIf(available)(`iptables' extension tests (${variant}, ${family})`, () => {
    const familyFlag = family === 'ipv6' ? '-6' : '-4';
    const rules = ALL.filter((r) => moduleFamilies(r.module).includes(family));
    let ns: TestNetns | undefined;
    let loaded: ExtensionRule[] = [];
    let kernel = new Map<string, string>();
    const key = `${variant} ${family}`;

    beforeAll(async () => {
      ({ ns, loaded, kernel } = await prepared.get(key)!);
    }, 150_000);
    afterAll(async () => {
      await (await prepared.get(key)?.catch(() => undefined))?.ns.remove();
    });

    const tables = (): string[] => [...kernel.keys()];
    const inTables = (fn: (table: string) => Promise<Mismatch[]>): Promise<Mismatch[]> =>
      Promise.all(tables().map(fn)).then((lists) => lists.flat());

    it('the modules named in the issue and the common ones load here', () => {
      const required = [...MUST_LOAD, ...(family === 'ipv6' ? MUST_LOAD_V6 : MUST_LOAD_V4)];
      const absent = required.filter((m) => !loaded.some((r) => r.module === m));
      expect(absent).toEqual([]);
      expect(loaded.length).toBeGreaterThan(rules.length / 2);
    });

    it('fwtui list --netns equals iptables -L -n -v -x --line-numbers, rule for rule', async () => {
      const found = await inTables(async (table) => {
        const ours = await runCli(['list', familyFlag, '-t', table, '--netns', ns!.name, '--backend', variant]);
        expect(ours.exitCode, ours.stderr).toBe(0);
        const differ = mismatches(loaded, table, kernel.get(table)!, withoutComments(ours.stdout));
        // Rule lines equal: the whole text (headers, policies, references) must be equal too.
        if (differ.length === 0) expect(withoutComments(ours.stdout), `table ${table}`).toBe(kernel.get(table));
        return differ;
      });
      report[`${key} netns`] = found;
      expect(found).toEqual([]);
    });

    it('the list of what iptables-save printed equals the kernel list (the TUI rows read it)', async () => {
      // In-process (the CLI's --file path is the next test): parse the save text, print each table.
      const base = family === 'ipv6' ? 'ip6tables' : 'iptables';
      const ruleset = parseSave(await ns!.exec([`${base}-${variant}-save`]), { family });
      const found = await inTables(async (table) => {
        const ours = formatList(ruleset.tables.find((t) => t.name === table)!, family, undefined, variant);
        return mismatches(loaded, table, kernel.get(table)!, ours ?? '');
      });
      expect(found).toEqual([]);
    });

    it('fwtui list --file of the rules as the test files write them prints what the kernel lists', async () => {
      const input = restoreInput(loaded);
      const found = await inTables(async (table) => {
        const ours = await runCli(['list', familyFlag, '-t', table, '--file', '-'], { stdin: input });
        expect(ours.exitCode, ours.stderr).toBe(0);
        return mismatches(loaded, table, kernel.get(table)!, withoutComments(ours.stdout));
      });
      report[`${key} file`] = found;
      expect(found.filter((f) => !(variant === 'legacy' && LEGACY_ONLY_TEXT.has(f.module)))).toEqual([]);
    });
  });
}
