/**
 * How this machine restores IP sets at boot, before the rules that use them,
 * read from the installed loader's own files (iptables-facts.md, "ipset and
 * boot"): Debian's ipset-persistent plugin (`/etc/iptables/ipsets`), RHEL's
 * ipset-service (`/etc/sysconfig/ipset.d/NAME.set`, or the older single
 * `/etc/sysconfig/ipset`), Arch's ipset.service (`/etc/ipset.conf`), Alpine's
 * init script (`/etc/ipset.d/NAME`, first line the create options) and
 * Gentoo's (`/var/lib/ipset/rules-save`). Pure.
 */
import { enableSetLoader, installSetLoader, setLoaderFor, type SetLoaderKind } from '../hints/set-loader-hint.js';
import { configValue, inRunlevels, osIds, wanted, type BootFacts, type BootLoader } from './boot-loader.js';

/** Where the sets go: one `ipset save` file, or one file per set in a directory. */
export type SetLayout =
  | { readonly kind: 'file'; readonly path: string }
  | {
      readonly kind: 'dir';
      readonly dir: string;
      /** Appended to the set's name: `.set` (RHEL), '' (Alpine). */
      readonly suffix: string;
      /** Alpine's format: the create options, then one member a line, without `create NAME`/`add NAME`. */
      readonly bare: boolean;
      /** A single file the loader restores too, after the directory (RHEL's older `/etc/sysconfig/ipset`). */
      readonly alsoFile?: string;
    };

export interface SetLoader {
  /** For messages: "ipset-persistent". */
  readonly name: string;
  readonly kind: SetLoaderKind | null;
  readonly installed: boolean;
  /** Installed and enabled to run at boot. */
  readonly enabled: boolean;
  readonly layout: SetLayout;
  /** Mode of a new file (an existing file keeps its own). */
  readonly mode: number;
  /** What the admin runs so the sets load at boot (install, enable); null when they already do. */
  readonly todo: string | null;
  /** Things the admin should know (a save on stop that would persist unconfirmed sets). */
  readonly warnings: readonly string[];
}

const RHEL_SCRIPT = '/usr/libexec/ipset/ipset.start-stop';
const UNIT_DIRS = ['/usr/lib/systemd/system', '/lib/systemd/system', '/etc/systemd/system'];

function make(
  kind: SetLoaderKind,
  name: string,
  installed: boolean,
  enabled: boolean,
  layout: SetLayout,
  mode: number,
  warnings: string[] = [],
): SetLoader {
  const todo = !installed ? installSetLoader(kind) : enabled ? null : enableSetLoader(kind);
  return {
    name,
    kind,
    installed,
    enabled: installed && enabled,
    layout,
    mode,
    todo,
    warnings: installed ? warnings : [],
  };
}

const saveOnStop = (file: string, key: string): string =>
  `${file} has ${key}="yes": stopping the ipset service saves whatever sets are running, even a commit not yet ` +
  `confirmed; set ${key}="no" to save only with fwtui`;

/** The `-f FILE` an ipset.service restores from (`ExecStart=/usr/bin/ipset -f /etc/ipset.conf restore`). */
function unitFile(unit: string | null): string | null {
  const m = /^ExecStart=.*\s-f\s+(\/\S+)/m.exec(unit ?? '');
  return m?.[1] ?? null;
}

/** The set loader that runs before `loader`'s rules files; `kind` null when none is known for this system. */
export function detectSetLoader(facts: BootFacts, loader: BootLoader): SetLoader {
  const unit = UNIT_DIRS.map((d) => `${d}/ipset.service`).find((u) => facts.exists(u)) ?? null;
  if (loader.kind === 'netfilter-persistent') {
    // ipset-persistent's plugin must run before 15-ip4tables (run-parts order).
    const plugin = facts
      .list('/usr/share/netfilter-persistent/plugins.d')
      .some((n) => /^\d\d-ipset$/.test(n) && n < '15');
    const layout = { kind: 'file', path: '/etc/iptables/ipsets' } as const;
    // The plugin runs whenever netfilter-persistent loads the rules: enabling that is the rules loader's warning.
    return make('ipset-persistent', 'ipset-persistent', plugin, true, layout, 0o640);
  }
  if (loader.kind === 'iptables-services') {
    // The ipset-service of RHEL 8+ and Fedora reads ipset.d; older ones the single file.
    const script = facts.read(RHEL_SCRIPT);
    const single = script !== null && script !== '' && !script.includes('ipset.d');
    const layout: SetLayout = single
      ? { kind: 'file', path: '/etc/sysconfig/ipset' }
      : { kind: 'dir', dir: '/etc/sysconfig/ipset.d', suffix: '.set', bare: false, alsoFile: '/etc/sysconfig/ipset' };
    const config = facts.read('/etc/sysconfig/ipset-config');
    const warn = configValue(config, 'IPSET_SAVE_ON_STOP') === 'yes';
    const warnings = warn ? [saveOnStop('/etc/sysconfig/ipset-config', 'IPSET_SAVE_ON_STOP')] : [];
    return make(
      'ipset-service',
      'ipset-service',
      unit !== null,
      wanted(facts, 'ipset.service'),
      layout,
      0o600,
      warnings,
    );
  }
  if (loader.kind === 'arch') {
    const path = unitFile(unit === null ? null : facts.read(unit)) ?? '/etc/ipset.conf';
    const layout = { kind: 'file', path } as const;
    return make('arch-ipset', 'ipset.service', unit !== null, wanted(facts, 'ipset.service'), layout, 0o600);
  }
  if (loader.kind === 'openrc') {
    const script = facts.read('/etc/init.d/ipset');
    const enabled = inRunlevels(facts, 'ipset');
    const alpine = script ? script.includes('/etc/ipset.d') : osIds(facts).includes('alpine');
    if (alpine) {
      const layout = { kind: 'dir', dir: '/etc/ipset.d', suffix: '', bare: true } as const;
      return make('alpine-ipset', 'OpenRC ipset', script !== null, enabled, layout, 0o600);
    }
    const conf = facts.read('/etc/conf.d/ipset');
    const path = configValue(conf, 'IPSET_SAVE') ?? '/var/lib/ipset/rules-save';
    const warnings =
      configValue(conf, 'SAVE_ON_STOP') === 'yes' ? [saveOnStop('/etc/conf.d/ipset', 'SAVE_ON_STOP')] : [];
    return make('gentoo-ipset', 'OpenRC ipset', script !== null, enabled, { kind: 'file', path }, 0o600, warnings);
  }
  const kind = setLoaderFor(osIds(facts));
  return {
    name: 'no ipset loader',
    kind,
    installed: false,
    enabled: false,
    layout: { kind: 'file', path: '/etc/fwtui/ipsets' },
    mode: 0o600,
    todo: kind
      ? installSetLoader(kind)
      : 'install a service that restores IP sets before the rules load (fwtui knows none for this system)',
    warnings: [],
  };
}
