/**
 * The namespace's routing (whether it forwards, its routes) for the view's analyses: where a DNAT or REDIRECT
 * sends a packet (T, the lockout check, p's advice). Read lazily, as `fwtui trace` does: only when the rules
 * rewrite destinations, never before the first frame, and once per read of the family's rules (a refresh makes
 * the facts read before it stale, since a route may have come or gone with the rules).
 */
import { rewritesDestinations, type RoutingFacts } from '../domain/analysis/routing.js';
import type { Family, Table } from '../domain/model/ruleset.js';
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import type { GetState } from './slice.js';

/** The facts for a family: known now, null when they cannot be known, or a read under way. */
export type RoutingAnswer = RoutingFacts | null | Promise<RoutingFacts | null>;

export interface RoutingActions {
  /**
   * The routing facts packets of `family` need through `tables`: null without a reader (a saved file) or when no
   * nat rule in `tables` rewrites destinations (routing then decides nothing), or when the read failed; the
   * facts already read for the rules on screen; else a promise of them (one read at a time per family).
   */
  routingFor(family: Family, tables: readonly Table[]): RoutingAnswer;
}

declare module './slice.js' {
  interface AppActions extends RoutingActions {}
}

/** The routing slice's action; its cache lives here, keyed by when the family's rules were read. */
export function createRoutingActions(get: GetState, source: FirewallSource): RoutingActions {
  const cache = new Map<Family, { readAt: number | undefined; answer: RoutingAnswer }>();
  return {
    routingFor(family, tables) {
      const reader = source.routing;
      if (!reader || !rewritesDestinations(tables)) return null;
      const readAt = get().views[family]?.readAt;
      const cached = cache.get(family);
      if (cached && readAt !== undefined && cached.readAt === readAt) return cached.answer;
      const answer = reader(family).then(
        (facts) => {
          if (cache.get(family)?.answer === answer) cache.set(family, { readAt, answer: facts });
          return facts;
        },
        () => {
          if (cache.get(family)?.answer === answer) cache.set(family, { readAt, answer: null });
          return null;
        },
      );
      cache.set(family, { readAt, answer });
      return answer;
    },
  };
}
