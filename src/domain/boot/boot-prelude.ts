/**
 * What the boot loader restores before the rules files: today the ipsets
 * (a rule `-m set --match-set S` loads only when S exists). A saved file is
 * checked in a fresh namespace holding exactly this, nothing more. Pure.
 */
import type { BootFacts, BootLoader } from './boot-loader.js';

export interface BootPrelude {
  /** `ipset save` text restored before the rules, or null when boot restores no sets. */
  readonly ipsets: string | null;
  /** Where those sets come from (for messages). */
  readonly ipsetsFrom: string | null;
}

const NONE: BootPrelude = { ipsets: null, ipsetsFrom: null };

/** The ipset files each loader family restores before iptables (iptables-facts.md, "ipset and boot"). */
function ipsetFiles(facts: BootFacts, loader: BootLoader): string[] {
  if (loader.kind === 'netfilter-persistent') {
    // ipset-persistent's plugin runs before 15-ip4tables (run-parts order).
    const plugins = facts.list('/usr/share/netfilter-persistent/plugins.d');
    const plugin = plugins.some((n) => /^\d\d-ipset$/.test(n) && n < '15');
    return plugin ? ['/etc/iptables/ipsets'] : [];
  }
  if (loader.kind === 'iptables-services') {
    const units = ['/usr/lib/systemd/system/ipset.service', '/etc/systemd/system/ipset.service'];
    if (!units.some((u) => facts.exists(u))) return [];
    const sets = facts
      .list('/etc/sysconfig/ipset.d')
      .filter((n) => n.endsWith('.set'))
      .sort();
    const dir = sets.map((n) => `/etc/sysconfig/ipset.d/${n}`);
    return dir.length > 0 ? dir : ['/etc/sysconfig/ipset'];
  }
  if (loader.kind === 'arch') return facts.exists('/usr/lib/systemd/system/ipset.service') ? ['/etc/ipset.conf'] : [];
  return [];
}

/** What boot has loaded when it reaches this loader's rules files. */
export function bootPrelude(facts: BootFacts, loader: BootLoader): BootPrelude {
  const found = ipsetFiles(facts, loader).flatMap((path) => {
    const text = facts.read(path);
    return text === null ? [] : [{ path, text }];
  });
  if (found.length === 0) return NONE;
  const ipsets = found.map((f) => (f.text.endsWith('\n') ? f.text : `${f.text}\n`)).join('');
  return { ipsets, ipsetsFrom: found.map((f) => f.path).join(', ') };
}
