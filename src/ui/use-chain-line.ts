/** The chain line under the rules: the selected chain whole, its policy or owner, and where the cursor is. */
import { ownerOf, ownerText } from '../domain/model/chain-owners.js';
import { countReferences } from '../domain/model/references.js';
import { shadowedRulesCached } from '../domain/analysis/shadow.js';
import { cursorKey } from '../store/app-state.js';
import { currentChain, currentTable, selectedIndex, selectedRule } from '../store/selectors.js';
import { counterText } from './format/counters.js';
import { useAppState } from './store-context.js';

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
  if (!chain || !table) return '';
  const owner = ownerOf(chain.name);
  const summary = chain.policy
    ? `Chain ${chain.name}: policy ${chain.policy}, ${counterText(chain.counters.packets, exact)} packets, ` +
      `${counterText(chain.counters.bytes, exact)} bytes`
    : `Chain ${chain.name}: user-defined${owner ? `, ${ownerText(owner)}` : ''}, ` +
      `${countReferences(table).get(chain.name) ?? 0} references`;
  const shadowedBy = rule ? shadowedRulesCached(chain).get(index) : undefined;
  const zero = zeroedHere ? ' · never hit since zeroed' : ' · no hits counted';
  const never = live && rule?.counters?.packets === 0n ? zero : '';
  const why =
    shadowedBy !== undefined ? ` · never matches: rule ${shadowedBy + 1} takes its packets (A lists all)` : never;
  const position = chain.rules.length ? `rule ${index + 1}/${chain.rules.length}${why}` : 'no rules';
  return `${summary} · ${position}`;
}
