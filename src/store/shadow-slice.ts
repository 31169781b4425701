/**
 * Shadowed rules, found off the render path: the comparison is quadratic (seconds at 10k rules when it ran in
 * the first frame, issue #20), so the view asks for the chains it shows after drawing them, and the analysis
 * runs in idle slices (shadowSteps) that let keys and refreshes in between. Until a chain's answer is in, the
 * view says it is checking: it never shows "not shadowed" for a rule it has not compared.
 */
import { MAX_ANALYSED_RULES, shadowSteps } from '../domain/analysis/shadow.js';
import type { Chain } from '../domain/model/ruleset.js';
import type { GetState, SetState } from './slice.js';

/** Rule index -> index of the earlier rule that takes all its packets (0-based). */
export type ShadowMarks = ReadonlyMap<number, number>;

/** The answers found so far. */
export interface ShadowState {
  /** By the chain's rules (their text, in order): a counter refresh brings new chains with the same rules. */
  readonly shadows: ReadonlyMap<string, ShadowMarks>;
}

export interface ShadowActions {
  /** Finds the shadowed rules of `chains` (first ones first) in idle slices; the answers land in `shadows`. */
  checkShadows(chains: readonly Chain[]): void;
}

declare module './app-state.js' {
  interface AppState extends ShadowState {}
}
declare module './slice.js' {
  interface AppActions extends ShadowActions {}
}

/** Runs `work` when the event loop is idle (after pending input and output). @default setImmediate */
export type IdleScheduler = (work: () => void) => void;

/** Nothing checked yet. */
export const initialShadows = (): ShadowState => ({ shadows: new Map() });

/** Answers kept (a Kubernetes nat table has thousands of small chains), up to this much rule text. */
const KEPT = 8192;
const KEPT_TEXT = 16_000_000;
/** How long one idle slice may run before keys and output get their turn. */
const SLICE_MS = 4;
/** Chains waiting for their turn; the oldest requests are dropped first. */
const QUEUED = 8192;

const texts = new WeakMap<Chain, string>();
/** The chain's rules as one text, computed once per chain object. */
function rulesText(chain: Chain): string {
  let text = texts.get(chain);
  if (text === undefined) {
    text = chain.rules.map((r) => r.spec).join('\n');
    texts.set(chain, text);
  }
  return text;
}

/**
 * The shadowed rules of `chain`, or null while they are being checked. A chain too long to compare pairwise
 * gets no marks (the A view says why).
 */
export function shadowsOf(shadows: ShadowState['shadows'], chain: Chain): ShadowMarks | null {
  if (chain.rules.length > MAX_ANALYSED_RULES || chain.rules.length < 2) return NONE;
  return shadows.get(rulesText(chain)) ?? null;
}
const NONE: ShadowMarks = new Map();

/** `shadows` with the new answers, the oldest answers dropped beyond what is kept. */
function remember(old: ReadonlyMap<string, ShadowMarks>, found: readonly [string, ShadowMarks][]) {
  const shadows = new Map(old);
  for (const [text, marks] of found) shadows.set(text, marks);
  let size = 0;
  for (const t of shadows.keys()) size += t.length;
  for (const t of shadows.keys()) {
    if (shadows.size <= KEPT && size <= KEPT_TEXT) break;
    shadows.delete(t);
    size -= t.length;
  }
  return shadows;
}

/** The shadow slice's actions. */
export function createShadowActions(
  set: SetState,
  get: GetState,
  now: () => number,
  idle: IdleScheduler = (work) => setImmediate(work),
): ShadowActions {
  // The chains to check, the one being checked first (its steps kept when another chain is asked for first).
  let queue: { text: string; chain: Chain; steps?: Generator<void, Map<number, number>> }[] = [];
  let scheduled = false;

  const schedule = (): void => {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    idle(slice);
  };
  // Steps of the chains at the front for a few milliseconds, one update of the store, then back to the event loop.
  function slice(): void {
    scheduled = false;
    const started = now();
    const found: [string, ShadowMarks][] = [];
    while (queue.length > 0 && now() - started < SLICE_MS) {
      const head = queue[0]!;
      if (get().shadows.has(head.text)) {
        queue.shift();
        continue;
      }
      head.steps ??= shadowSteps(head.chain);
      const step = head.steps.next();
      if (step.done) {
        queue.shift();
        found.push([head.text, step.value]);
      }
    }
    if (found.length > 0) set((s) => ({ shadows: remember(s.shadows, found) }));
    schedule();
  }

  return {
    checkShadows(chains) {
      const { shadows } = get();
      const asked = new Map<string, Chain>();
      for (const c of chains)
        if (shadowsOf(shadows, c) === null && !asked.has(rulesText(c))) asked.set(rulesText(c), c);
      if (asked.size === 0) return;
      // Asked for again: moved to the front with the work done so far.
      const wanted = [...asked].map(([text, chain]) => queue.find((q) => q.text === text) ?? { text, chain });
      queue = [...wanted, ...queue.filter((q) => !asked.has(q.text))].slice(0, QUEUED);
      schedule();
    },
  };
}
