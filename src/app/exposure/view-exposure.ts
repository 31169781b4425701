/**
 * The exposure view's port on the live firewall: `fwtui exposure`'s facts (read once per opening of the view) and
 * its classification, over the view's rules and over the staged ones, with the facts' sets, addresses and routes.
 */
import type { CommandRunner } from '../../backend/runner.js';
import { dnatPorts } from '../../domain/exposure/dnat-ports.js';
import { exposureReport } from '../../domain/exposure/exposure-report.js';
import type { FirewallSource } from '../../domain/ports/firewall-source.js';
import { exposurePort } from '../sources/exposure-port.js';
import type { FirewallScope } from '../sources/load-ruleset.js';
import { liveFacts } from './live-facts.js';

/** `FirewallSource.exposure` for the live firewall of `scope`. */
export const viewExposure = (scope: FirewallScope, runner: CommandRunner): NonNullable<FirewallSource['exposure']> =>
  exposurePort({
    readFacts: (family) => liveFacts(scope, family, runner),
    classify: (facts, rules) => {
      // The tables the view holds (or the staged ones), with what the facts read beside them.
      const ruleset = { ...facts.ruleset, tables: rules.tables };
      return exposureReport({ ...facts, ruleset, dnat: dnatPorts(ruleset, ruleset.family) });
    },
  });
