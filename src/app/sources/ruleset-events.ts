/** The live source's ruleset events: xtables-monitor on nf_tables, none on legacy (polling only). */
import type { Iptables } from '../../backend/iptables.js';
import type { CommandRunner } from '../../backend/runner.js';
import { startRulesetMonitor } from '../../backend/ruleset-monitor.js';
import { monitorSocket } from '../../backend/monitor-socket.js';
import type { Family } from '../../domain/model/ruleset.js';
import type { RulesetEventFeed, RulesetEventsListener } from '../../domain/ports/firewall-source.js';
import type { EventLedger } from './event-ledger.js';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * `FirewallSource.events` for the firewall `iptables` reads: the monitor runs in the same namespace. The variant
 * decides: xtables-monitor sees only nf_tables, so on legacy there is no feed (and fwtui says it polls). With a
 * family, the monitor reports only that family's events (see knownMonitorCrash: IPv6 events can stop it).
 * `ledger` hears every generation (fwtui's own too): commits check themselves against it, for the family the
 * monitor covers only.
 */
export function rulesetEvents(
  iptables: Iptables,
  runner: CommandRunner,
  ledger?: EventLedger,
): (listener: RulesetEventsListener, family?: Family) => Promise<RulesetEventFeed> {
  return async (listener, family) => {
    try {
      if ((await iptables.variant('ipv4')) !== 'nft') return { live: false, why: 'legacy iptables reports no events' };
      const monitor = startRulesetMonitor(
        runner,
        iptables.netns,
        {
          // fwtui's own writes (a commit, zeroed counters) read themselves back: only other programs' are news.
          generation: (g) => {
            ledger?.generation(g);
            if (g.pid === null || !runner.startedPid?.(g.pid)) listener.changed(g);
          },
          ended: (why, lasting) => {
            ledger?.ended();
            listener.ended(why, lasting);
          },
        },
        family,
      );
      // A monitor of one family shows the other family's commits as bare generations: the ledger vouches for
      // this family's tables only.
      ledger?.started(
        () => monitor.listening(),
        () => monitorSocket(monitor.pid),
        family,
      );
      return {
        live: true,
        stop: () => {
          ledger?.ended();
          monitor.stop();
        },
        listening: () => monitor.listening(),
      };
    } catch (e) {
      return { live: false, why: message(e) };
    }
  };
}
