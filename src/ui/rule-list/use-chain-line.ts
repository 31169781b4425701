/** The chain line under the rules: the selected chain whole, its policy or owner, and where the cursor is. */
import { ownerOf, ownerText } from '../../domain/model/chain-owners.js';
import { countReferences } from '../../domain/model/references.js';
import { cursorKey } from '../../store/app-state.js';
import { currentChain, currentTable, liveChain, selectedIndex, selectedRule } from '../../store/selectors.js';
import { ruleKeyMap } from '../../domain/diff/counter-diff.js';
import { currentHistory } from '../../store/rates-slice.js';
import { ruleSparkText } from '../format/hot-lines.js';
import { useGlyphs } from '../terminal/glyphs-context.js';
import { shadowsOf } from '../../store/shadow-slice.js';
import { counterText } from '../format/counters.js';
import { useEffect } from 'react';
import { useAppState, useStoreApi } from '../store-context.js';

/** Said while the shadow analysis of the shown rules has not answered yet. */
export const CHECKING_SHADOWS = 'checking for shadowed rules…';

/**
 * `Chain NAME: policy …, N packets · rule 3/12` (or user-defined, its owner and references), with why the rule
 * never matches or is never hit; '' without a chain. The chain list cuts long names: this line never does.
 */
export function useChainLine(): string {
  const chain = useAppState(currentChain);
  const table = useAppState(currentTable);
  const rule = useAppState(selectedRule);
  const index = useAppState(selectedIndex);
  const exact = useAppState((s) => s.exact);
  const live = useAppState((s) => s.live);
  // A zero count proves "never hit" only since fwtui zeroed this chain; else the rule may be new or just zeroed.
  const zeroedHere = useAppState((s) => s.zeroed?.includes(cursorKey(s)) ?? false);
  // null while the analysis runs (after the first frame): no rule is called shadowed or not until it answers.
  const shadows = useAppState((s) => (chain ? shadowsOf(s.shadows, chain) : null));
  // Asked for here too: the line stays on screen under the help and other overlays, where the rules do not.
  // The selected rule's last minute of packets/s (found by identity: a staged chain shares the live rule objects).
  const glyphs = useGlyphs();
  const spark = useAppState((s) => {
    const live = liveChain(s);
    const key = rule && live ? ruleKeyMap(live).get(rule) : undefined;
    return key ? ruleSparkText(currentHistory(s), key, glyphs.spark) : '';
  });
  const store = useStoreApi();
  useEffect(() => {
    if (chain) store.getState().actions.checkShadows([chain]);
  }, [store, chain]);
  if (!chain || !table) return '';
  const owner = ownerOf(chain.name);
  const summary = chain.policy
    ? `Chain ${chain.name}: policy ${chain.policy}, ${counterText(chain.counters.packets, exact)} packets, ` +
      `${counterText(chain.counters.bytes, exact)} bytes`
    : `Chain ${chain.name}: user-defined${owner ? `, ${ownerText(owner)}` : ''}, ` +
      `${countReferences(table).get(chain.name) ?? 0} references`;
  const shadowedBy = rule ? shadows?.get(index) : undefined;
  const zero = zeroedHere ? ' · never hit since zeroed' : ' · no hits counted';
  const never = live && rule?.counters?.packets === 0n ? zero : '';
  const checking = shadows === null ? ` · ${CHECKING_SHADOWS}` : '';
  const why =
    shadowedBy !== undefined
      ? ` · never matches: rule ${shadowedBy + 1} takes its packets (A lists all)`
      : never + checking;
  // No rules: the list says so once, with what happens to packets (the policy, or the return to the caller).
  if (!chain.rules.length) return summary;
  return `${summary} · rule ${index + 1}/${chain.rules.length}${why}${spark ? ` · ${spark}` : ''}`;
}
