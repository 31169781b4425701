/** The command line of `fwtui watch`: its filter and limits, checked. Pure. */
import { PacketSpecError } from '../domain/analysis/packet-spec.js';
import { parseWatchFilter } from '../domain/analysis/watch-filter.js';
import { fwtuiCommand } from '../domain/hints/command-hint.js';
import type { Family } from '../domain/model/ruleset.js';

/** The options the check looks at (a part of CliOptions). */
export interface WatchArgs {
  readonly command: string;
  readonly file: string | undefined;
  readonly packet: readonly string[];
  readonly family: Family | undefined;
  readonly netns: string | undefined;
  readonly backend: 'nft' | 'legacy' | undefined;
}

/**
 * What is wrong with a watch command line, or null. watch needs a filter (an unfiltered TRACE marks every packet:
 * on a busy machine, a flood) on the live firewall; --count and --seconds go with watch only.
 */
export function watchUsageProblem(opts: WatchArgs, argv: readonly string[]): string | null {
  if (opts.command === 'logs') return null;
  if (opts.command !== 'watch') {
    const limit = argv.find((a) => a === '--count' || a === '--seconds' || /^--(count|seconds)=/.test(a));
    return limit === undefined ? null : `${limit.split('=')[0]} goes with watch or logs`;
  }
  if (opts.file !== undefined) return 'watch traces the live firewall; --file does not go with it';
  if (opts.packet.length === 0) {
    const example = fwtuiCommand({ netns: opts.netns, backend: opts.backend }, 'watch', '-p', 'tcp', '--dport', '22');
    return `watch needs a filter, e.g. ${example}`;
  }
  try {
    parseWatchFilter(opts.packet, opts.family);
  } catch (e) {
    if (e instanceof PacketSpecError) return `watch: ${e.message}`;
    throw e;
  }
  return null;
}
