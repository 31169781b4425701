/**
 * How this machine loads iptables rules at boot, read from its files: the
 * loader actually installed wins over what /etc/os-release suggests. Paths
 * are absolute inside the (possibly --root) filesystem. Pure: the caller
 * hands in a view of the files.
 */
import { fwtuiCommand, type CommandScope } from '../hints/command-hint.js';

/** A read-only view of the target filesystem. */
export interface BootFacts {
  /** A file's text, or null when it does not exist (or is unreadable). */
  read(path: string): string | null;
  exists(path: string): boolean;
  /** Names in a directory (empty when missing). */
  list(dir: string): string[];
}

export type LoaderKind = 'netfilter-persistent' | 'iptables-services' | 'arch' | 'openrc' | 'none';

export interface BootLoader {
  readonly kind: LoaderKind;
  /** For the header: "netfilter-persistent". */
  readonly name: string;
  /** The files it loads (ipv6 null when this loader has no IPv6 file). */
  readonly files: { readonly ipv4: string; readonly ipv6: string | null };
  /** Mode for a new file (an existing file keeps its own). */
  readonly mode: number;
  /** Whether the file keeps `[packets:bytes]` counters. */
  readonly counters: boolean;
  /** Suffix of the previous version kept next to the file. */
  readonly backup: string;
  /** Whether the loader is enabled to run at boot. */
  readonly enabled: boolean;
  /** Things the admin should know (SAVE_ON_STOP, not enabled, what to install). */
  readonly warnings: readonly string[];
  /** Where nothing loads rules at boot: what to install for this distribution (`apt-get install …`). */
  readonly install?: string;
}

/** A shell-style KEY="value" from a config file; null when not set. */
export function configValue(text: string | null, key: string): string | null {
  if (text === null) return null;
  let value: string | null = null;
  for (const line of text.split('\n')) {
    const m = new RegExp(`^\\s*${key}=(?:"([^"]*)"|'([^']*)'|(\\S*))`).exec(line);
    if (m) value = m[1] ?? m[2] ?? m[3] ?? '';
  }
  return value;
}

/** os-release ID and ID_LIKE words. */
export function osIds(facts: BootFacts): string[] {
  const text = facts.read('/etc/os-release') ?? facts.read('/usr/lib/os-release');
  return [configValue(text, 'ID'), ...(configValue(text, 'ID_LIKE') ?? '').split(/\s+/)].filter((w): w is string =>
    Boolean(w),
  );
}

/** Whether a systemd unit is enabled (linked into a target's wants). */
export const wanted = (facts: BootFacts, unit: string): boolean =>
  ['multi-user.target.wants', 'basic.target.wants', 'network-pre.target.wants', 'sysinit.target.wants'].some((t) =>
    facts.exists(`/etc/systemd/system/${t}/${unit}`),
  );

/** Whether an init script is in a boot runlevel (sysv rc.d links or OpenRC runlevels). */
export const inRunlevels = (facts: BootFacts, script: string): boolean =>
  ['/etc/rcS.d', '/etc/rc2.d', '/etc/runlevels/default', '/etc/runlevels/boot'].some((d) =>
    facts.list(d).some((n) => n === script || (/^S\d\d/.test(n) && n.slice(3) === script)),
  );

/** The path an Arch-style unit restores from (`ExecStart=/usr/bin/iptables-restore /etc/iptables/iptables.rules`). */
function execStartPath(unit: string | null): string | null {
  const line = unit?.split('\n').find((l) => /^ExecStart=.*-restore\s/.test(l.trim()));
  const path = line?.trim().split(/\s+/).pop();
  return path?.startsWith('/') ? path : null;
}

/**
 * What to install when no loader is: by os-release ID and ID_LIKE.
 * @param scope the invocation's options (`--root DIR`), so fwtui's own hint works as printed
 */
export function installHint(ids: readonly string[], scope: CommandScope = {}): string {
  const has = (...names: string[]): boolean => names.some((n) => ids.includes(n));
  if (has('debian', 'ubuntu')) return 'apt-get install iptables-persistent';
  if (has('rhel', 'fedora', 'centos', 'rocky', 'almalinux'))
    return 'dnf install iptables-services && systemctl enable iptables ip6tables';
  if (has('arch')) return 'systemctl enable iptables ip6tables (from the iptables package)';
  if (has('alpine')) return 'rc-update add iptables && rc-update add ip6tables';
  if (has('gentoo')) return 'rc-update add iptables default && rc-update add ip6tables default';
  const command = fwtuiCommand(scope, 'save', '--install-loader');
  return `${command} (a small unit or script that restores /etc/fwtui/rules.v4 and rules.v6 at boot)`;
}

function openrc(facts: BootFacts, ids: readonly string[]): BootLoader {
  const alpine = ids.includes('alpine');
  const conf4 = facts.read('/etc/conf.d/iptables');
  const conf6 = facts.read('/etc/conf.d/ip6tables');
  const ipv4 =
    configValue(conf4, 'IPTABLES_SAVE') ?? (alpine ? '/etc/iptables/rules-save' : '/var/lib/iptables/rules-save');
  const ipv6 =
    facts.exists('/etc/init.d/ip6tables') || conf6 !== null
      ? (configValue(conf6, 'IP6TABLES_SAVE') ??
        configValue(conf6, 'IPTABLES_SAVE') ??
        (alpine ? '/etc/iptables/rules6-save' : '/var/lib/ip6tables/rules-save'))
      : null;
  const warnings: string[] = [];
  // Unset means yes: that is the init script's default on Alpine and Gentoo.
  for (const [conf, name] of [
    [conf4, 'iptables'],
    [conf6, 'ip6tables'],
  ] as const) {
    if (conf !== null && (configValue(conf, 'SAVE_ON_STOP') ?? 'yes') === 'yes') {
      warnings.push(
        `/etc/conf.d/${name} has SAVE_ON_STOP="yes": a clean shutdown saves whatever is ` +
          `running, even a commit not yet confirmed; set SAVE_ON_STOP="no" to save only with fwtui`,
      );
    }
  }
  const enabled = inRunlevels(facts, 'iptables');
  if (!enabled) warnings.push('the iptables service is not in a runlevel: rc-update add iptables');
  return {
    kind: 'openrc',
    name: 'OpenRC iptables',
    files: { ipv4, ipv6 },
    mode: 0o600,
    counters: false,
    backup: '.bak',
    enabled,
    warnings,
  };
}

/**
 * Decides where and how rules must be saved to come back at boot.
 * @param scope the invocation's options, for the hints in the warnings
 */
export function detectLoader(facts: BootFacts, scope: CommandScope = {}): BootLoader {
  const ids = osIds(facts);
  if (
    facts.exists('/usr/sbin/netfilter-persistent') ||
    facts.exists('/usr/share/netfilter-persistent/plugins.d/15-ip4tables')
  ) {
    const enabled = wanted(facts, 'netfilter-persistent.service') || inRunlevels(facts, 'netfilter-persistent');
    const v6 =
      facts.exists('/usr/share/netfilter-persistent/plugins.d/25-ip6tables') ||
      !facts.exists('/usr/share/netfilter-persistent/plugins.d');
    return {
      kind: 'netfilter-persistent',
      name: 'netfilter-persistent',
      files: { ipv4: '/etc/iptables/rules.v4', ipv6: v6 ? '/etc/iptables/rules.v6' : null },
      mode: 0o640,
      counters: false,
      backup: '.bak',
      enabled,
      warnings: enabled
        ? []
        : ['netfilter-persistent is installed but not enabled: systemctl enable netfilter-persistent'],
    };
  }
  if (facts.exists('/etc/sysconfig/iptables-config')) {
    const counters = configValue(facts.read('/etc/sysconfig/iptables-config'), 'IPTABLES_SAVE_COUNTER') === 'yes';
    const enabled = wanted(facts, 'iptables.service');
    return {
      kind: 'iptables-services',
      name: 'iptables-services',
      files: { ipv4: '/etc/sysconfig/iptables', ipv6: '/etc/sysconfig/ip6tables' },
      mode: 0o600,
      counters,
      backup: '.save',
      enabled,
      warnings: enabled ? [] : ['iptables-services is installed but not enabled: systemctl enable iptables ip6tables'],
    };
  }
  if (facts.exists('/etc/init.d/iptables') && !facts.exists('/usr/lib/systemd/system/iptables.service'))
    return openrc(facts, ids);
  const unit4 = facts.read('/usr/lib/systemd/system/iptables.service');
  const path4 = execStartPath(unit4);
  if (path4) {
    const path6 = execStartPath(facts.read('/usr/lib/systemd/system/ip6tables.service'));
    const enabled = wanted(facts, 'iptables.service');
    return {
      kind: 'arch',
      name: 'iptables.service',
      files: { ipv4: path4, ipv6: path6 },
      mode: 0o644,
      counters: false,
      backup: '.bak',
      enabled,
      warnings: enabled ? [] : ['iptables.service is not enabled: systemctl enable iptables ip6tables'],
    };
  }
  const fallback =
    facts.exists('/etc/systemd/system/fwtui-restore.service') ||
    facts.exists('/etc/network/if-pre-up.d/fwtui') ||
    facts.exists('/etc/local.d/fwtui.start') ||
    (facts.read('/etc/rc.local') ?? '').includes('# fwtui: restore saved iptables rules');
  const install = installHint(ids, scope);
  return {
    kind: 'none',
    name: fallback ? 'fwtui-restore' : 'no boot loader',
    files: { ipv4: '/etc/fwtui/rules.v4', ipv6: '/etc/fwtui/rules.v6' },
    mode: 0o600,
    counters: false,
    backup: '.bak',
    enabled: fallback,
    warnings: fallback ? [] : [`nothing loads these files at boot yet: ${install}`],
    ...(fallback ? {} : { install }),
  };
}
