/**
 * The namespace's nftables chains (`nft -j list chains`: every table's chains with their hooks, no rules,
 * fast at any size) or its whole ruleset as JSON, so the exposure report can name the tables iptables
 * does not show. Read-only.
 */
import { CommandNotFoundError, execFailedMissing } from './errors.js';
import type { CommandRunner } from './runner.js';

/** The JSON text; `missing` when nft is not installed; `failed` with nft's words otherwise. */
export type NftListing =
  | { readonly kind: 'ok'; readonly json: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'failed'; readonly why: string };

/** Runs `nft -j list chains` (or `ruleset`) in the namespace (or here). Never throws. */
export async function listNft(runner: CommandRunner, what: 'chains' | 'ruleset', netns?: string): Promise<NftListing> {
  const nft = ['nft', '-j', 'list', what];
  const [file, ...args] = netns === undefined ? nft : ['ip', 'netns', 'exec', netns, ...nft];
  try {
    const r = await runner.run({ file: file!, args });
    if (r.exitCode === 0) return { kind: 'ok', json: r.stdout };
    if (execFailedMissing(r.stderr)) return { kind: 'missing' };
    return { kind: 'failed', why: r.stderr.trim().split('\n')[0] || `nft exited with ${r.exitCode}` };
  } catch (e) {
    if (e instanceof CommandNotFoundError) return { kind: 'missing' };
    return { kind: 'failed', why: e instanceof Error ? e.message : String(e) };
  }
}
