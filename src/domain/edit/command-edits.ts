/**
 * A pasted iptables command as the staged edits that do exactly what
 * iptables would do with it, on the table as staged so far: `-A` at the end,
 * `-I N` at N, address lists split as iptables splits them, `-D CHAIN rule`
 * on the first rule iptables would find. Pure.
 */
import { expandAddressLists, hasAddressList } from '../text/address-lists.js';
import type { Command } from '../text/command-line.js';
import { looselyEqual } from '../commit/commit-plan.js';
import { EditError, type Edit } from './edits.js';
import { joinArgs } from '../text/quoting.js';
import { checkRule } from './rule-check.js';
import type { Family, Table } from '../model/ruleset.js';

/** What iptables would print for a rule typed as words (to find it or name it). */
const text = (rule: readonly string[]): string => joinArgs(rule) || '(matches everything)';

/**
 * The edits one command makes on `table` (the staged table so far).
 * @throws EditError when iptables would refuse it or fwtui's checks do (the message says why)
 */
export function commandEdits(command: Command, table: Table, family: Family): Edit[] {
  const chain = table.chains.find((c) => c.name === command.chain);
  const needChain = (): NonNullable<typeof chain> => {
    if (!chain) throw new EditError(`${table.name} has no chain ${command.chain}`);
    return chain;
  };
  const checked = (rule: readonly string[]): void => {
    const problems = checkRule(rule, { family, table, chain: command.chain });
    if (problems.length > 0) throw new EditError(problems.join('; '));
  };
  switch (command.op) {
    case 'append':
    case 'insert': {
      const rules = needChain().rules;
      const at = command.op === 'append' ? rules.length : command.at;
      if (at > rules.length) {
        throw new EditError(`${command.chain} has ${rules.length} rules: iptables -I takes 1 to ${rules.length + 1}`);
      }
      checked(command.rule);
      return expandAddressLists(command.rule, command.op).map(
        (r, k): Edit => ({ kind: 'insert', chain: command.chain, at: at + k, spec: joinArgs(r) }),
      );
    }
    case 'replace': {
      const old = needChain().rules[command.at];
      if (!old) throw new EditError(`${command.chain} has no rule ${command.at + 1}`);
      if (hasAddressList(command.rule)) {
        throw new EditError('iptables -R refuses a list of addresses (one rule per address: -D, then -I)');
      }
      checked(command.rule);
      return [{ kind: 'replace', chain: command.chain, at: command.at, spec: old.spec, with: joinArgs(command.rule) }];
    }
    case 'deleteAt': {
      const old = needChain().rules[command.at];
      if (!old) throw new EditError(`${command.chain} has no rule ${command.at + 1}`);
      return [{ kind: 'delete', chain: command.chain, at: command.at, spec: old.spec }];
    }
    case 'deleteRule': {
      // iptables deletes the first rule equal to each rule the line makes.
      const left = [...needChain().rules];
      return expandAddressLists(command.rule, 'append').map((r): Edit => {
        const i = left.findIndex((x) => x.spec === joinArgs(r) || looselyEqual(r, x.args));
        if (i < 0) {
          const why = 'iptables: does a matching rule exist in that chain?';
          throw new EditError(`no rule of ${command.chain} is ${text(r)} (${why})`);
        }
        const [gone] = left.splice(i, 1);
        return { kind: 'delete', chain: command.chain, at: i, spec: gone!.spec };
      });
    }
    case 'policy':
      needChain();
      return [{ kind: 'policy', chain: command.chain, policy: command.policy }];
    case 'newChain':
      return [{ kind: 'newChain', chain: command.chain }];
    case 'deleteChain':
      return [{ kind: 'deleteChain', chain: command.chain }];
    case 'flush':
      return [{ kind: 'flushChain', chain: command.chain }];
    case 'rename':
      return [{ kind: 'renameChain', chain: command.chain, to: command.to }];
  }
}
