/**
 * Rule arguments -> a structured view: addresses, interfaces, protocol,
 * each match module with its options, and the target. Anything not
 * understood is still kept (as a match or option with its raw values).
 */

/** A value that may be negated with `!`. */
export interface Negatable {
  readonly value: string;
  readonly negated: boolean;
}

/** One option of a match or target, e.g. `! --dport 22` or `--ctstate RELATED,ESTABLISHED`. */
export interface RuleOption {
  readonly name: string;
  readonly values: readonly string[];
  readonly negated: boolean;
}

/** A `-m NAME` match module (or the implicit protocol match of restore input). */
export interface Match {
  readonly name: string;
  readonly options: readonly RuleOption[];
}

export interface Target {
  readonly name: string;
  readonly options: readonly RuleOption[];
  /** `-g` (goto: no return to this chain) rather than `-j`. */
  readonly goto: boolean;
}

export interface RuleView {
  readonly protocol: Negatable | null;
  readonly source: Negatable | null;
  readonly destination: Negatable | null;
  readonly inInterface: Negatable | null;
  readonly outInterface: Negatable | null;
  /** `-f` / `! -f`: null when the rule does not look at fragments. */
  readonly fragment: Negatable | null;
  readonly matches: readonly Match[];
  readonly target: Target | null;
  /** All `--comment` values, in order. */
  readonly comments: readonly string[];
}

const BASIC: Readonly<
  Record<string, keyof Pick<RuleView, 'protocol' | 'source' | 'destination' | 'inInterface' | 'outInterface'>>
> = {
  '-p': 'protocol',
  '--protocol': 'protocol',
  '-s': 'source',
  '--source': 'source',
  '--src': 'source',
  '-d': 'destination',
  '--destination': 'destination',
  '--dst': 'destination',
  '-i': 'inInterface',
  '--in-interface': 'inInterface',
  '-o': 'outInterface',
  '--out-interface': 'outInterface',
};

/** Options whose single value may itself look like an option (e.g. a comment "-j"). */
const ALWAYS_ONE_VALUE = new Set([
  '--comment',
  '--log-prefix',
  '--nflog-prefix',
  '--name',
  '--string',
  '--hex-string',
  '--set-mark',
  '--mark',
]);
/** Options with exactly two values, the first of which may look like an option: `--match-set NAME src,dst`. */
const ALWAYS_TWO_VALUES = new Set(['--match-set', '--add-set', '--del-set', '--map-set']);

const isOptionWord = (a: string): boolean => a.startsWith('-') && a.length > 1 && !/^-\d/.test(a);

/** Reads a rule's arguments into a RuleView. Never throws: unknown words become options. */
export function parseRuleView(args: readonly string[]): RuleView {
  const basic: Partial<Record<string, Negatable>> = {};
  let fragment: Negatable | null = null;
  const matches: { name: string; options: RuleOption[] }[] = [];
  const implicit = new Set<object>();
  let target: { name: string; options: RuleOption[]; goto: boolean } | null = null;
  let current: { options: RuleOption[] } | null = null;
  let negate = false;
  let i = 0;
  while (i < args.length) {
    const a = args[i]!;
    if (a === '!') {
      negate = true;
      i++;
      continue;
    }
    const basicKey = BASIC[a];
    if (basicKey && target === null) {
      let value = args[i + 1] ?? '';
      let negated = negate;
      i += 2;
      // Old syntax: `-s ! 10.0.0.1`.
      if (value === '!') {
        negated = true;
        value = args[i] ?? '';
        i++;
      }
      basic[basicKey] = { value, negated };
      negate = false;
      if (basicKey === 'protocol') {
        // Restore input may use the protocol's options without `-m tcp`.
        current = { options: [] };
        const match = { name: value, options: current.options };
        matches.push(match);
        implicit.add(match);
      }
      continue;
    }
    if ((a === '-f' || a === '--fragment') && target === null) {
      fragment = { value: '', negated: negate };
      negate = false;
      i++;
      continue;
    }
    if (a === '-m' || a === '--match') {
      const name = args[i + 1] ?? '';
      current = { options: [] };
      matches.push({ name, options: current.options });
      i += 2;
      continue;
    }
    if (a === '-j' || a === '--jump' || a === '-g' || a === '--goto') {
      target = { name: args[i + 1] ?? '', options: [], goto: a === '-g' || a === '--goto' };
      current = target;
      i += 2;
      continue;
    }
    // An option of the current match or target, with the values that follow it.
    const values: string[] = [];
    let j = i + 1;
    if (ALWAYS_ONE_VALUE.has(a) && j < args.length) values.push(args[j++]!);
    else if (ALWAYS_TWO_VALUES.has(a)) while (j < args.length && values.length < 2) values.push(args[j++]!);
    else while (j < args.length && !isOptionWord(args[j]!) && args[j] !== '!') values.push(args[j++]!);
    const option: RuleOption = { name: a, values, negated: negate };
    negate = false;
    if (!current) {
      current = { options: [] };
      matches.push({ name: '', options: current.options });
    }
    current.options.push(option);
    i = j;
  }
  const cleaned: Match[] = matches
    .filter((m) => !(implicit.has(m) && m.options.length === 0))
    .map((m) => ({ name: m.name, options: m.options }));
  const comments = cleaned
    .filter((m) => m.name === 'comment')
    .flatMap((m) => m.options.filter((o) => o.name === '--comment').map((o) => o.values[0] ?? ''));
  return {
    protocol: basic.protocol ?? null,
    source: basic.source ?? null,
    destination: basic.destination ?? null,
    inInterface: basic.inInterface ?? null,
    outInterface: basic.outInterface ?? null,
    fragment,
    matches: cleaned,
    target,
    comments,
  };
}

/** The option of a match by name, if present. */
export function optionOf(match: Match | Target, name: string): RuleOption | undefined {
  return match.options.find((o) => o.name === name);
}

/** Name of the chain or target a rule jumps to ('' when it has none). */
export function targetName(args: readonly string[]): string {
  for (let i = args.length - 2; i >= 0; i--) {
    const a = args[i];
    if (a === '-j' || a === '--jump' || a === '-g' || a === '--goto') return args[i + 1] ?? '';
  }
  return '';
}
