/** The command line: fwtui [COMMAND] [OPTIONS]. Pure: argv in, options or a usage error out. */
import { PACKET_FLAGS, PacketSpecError, parsePacketSpec } from '../domain/analysis/packet-spec.js';
import { ConnectionFilterError, connectionFilter } from '../domain/analysis/connection-filter.js';
import { isTableName, type Family, type TableName } from '../domain/model/ruleset.js';
import { fwtuiCommand } from '../domain/hints/command-hint.js';
import { ListenSpecError, parseListenSpec } from '../domain/exposure/listen-spec.js';
import { watchUsageProblem } from './watch-args.js';

export class UsageError extends Error {}

export type CommandName =
  | 'tui'
  | 'export'
  | 'list'
  | 'apply'
  | 'block'
  | 'confirm'
  | 'revert'
  | 'status'
  | 'save'
  | 'saved-diff'
  | 'trace'
  | 'connections'
  | 'exposure'
  | 'watch'
  | 'logs'
  | 'help'
  | 'version';

export interface CliOptions {
  command: CommandName;
  /** Family asked for with -4/-6; undefined when not given. */
  family: Family | undefined;
  /** Read a saved ruleset instead of the live one; '-' is standard input. */
  file: string | undefined;
  netns: string | undefined;
  /** Force the nft or legacy programs; undefined follows the system's `iptables`. */
  backend: 'nft' | 'legacy' | undefined;
  table: TableName | undefined;
  chain: string | undefined;
  json: boolean;
  /** TUI: seconds between counter refreshes. */
  interval: number;
  theme: string | undefined;
  /** --log FILE: append every command run and every message shown (audits). */
  log: string | undefined;
  demo: boolean;
  /** Seconds to confirm an applied commit before the old rules come back. */
  confirmTimeout: number;
  /** apply: return at once, leaving the guard armed. */
  noWait: boolean;
  /** apply: the saved ruleset to load. */
  applyFile: string | undefined;
  /** save, saved-diff: treat DIR as the filesystem root (images, chroots, tests). */
  root: string | undefined;
  /** save: keep chains other programs rebuild (Docker, kube-proxy, fail2ban…) in the boot file. */
  includeOwned: boolean;
  /** save: where nothing loads rules at boot, write fwtui's small loader (asks first) / take it away. */
  loader: 'install' | 'remove' | undefined;
  /** save --install-loader: do not ask. */
  yes: boolean;
  /** apply: skip the typed LOCKOUT confirmation (scripts); the warnings are still printed. */
  allowLockout: boolean;
  /** apply: like iptables-restore --noflush: add to the running tables instead of replacing them. */
  noflush: boolean;
  /** apply: delete or empty other programs' chains (Docker, fail2ban…) without the typed FORCE. */
  force: boolean;
  /** trace: the packet's words (`-p tcp --dport 22 ...`); watch: the filter of the packets to trace. */
  packet: string[];
  /** watch: stop after this many packets. */
  count: number;
  /** watch: stop after this many seconds. */
  seconds: number;
  /** block: the set that gets the addresses. */
  setName: string | undefined;
  /** block: create the set, of this type. */
  createType: 'hash:net' | 'hash:ip' | undefined;
  /** block: also insert `-m set --match-set NAME src -j DROP` at the top of INPUT. */
  addRule: boolean;
  /** exposure --file: the sockets of the machine the file is from (`tcp/22,udp/53@127.0.0.1`). */
  listen: string | undefined;
  /** exposure: the acknowledged exposures (`proto/port[@iface|@address]` a line); others make it exit 1. */
  expect: string | undefined;
}

export const USAGE = `Usage: fwtui [COMMAND] [OPTIONS]

Commands:
  (none)                 open the interactive firewall view (needs root for the live firewall)
  export                 print the ruleset as iptables-save -c does
  list [CHAIN]           print chains as iptables -L -n -v -x --line-numbers does
  apply FILE             load the tables in FILE with the safety net: keep them (y) or they revert
  block                  add the addresses of --file LIST to set --set NAME, with the safety net like apply
  confirm                keep the pending commit
  revert                 put the rules from before the pending commit back now
  status                 show (and make safe) a pending commit
  save                   save the running rules (and IP sets) where this machine's boot loaders read them
  saved-diff             show how the running rules and sets differ from the saved ones (exit 1 when they do)
  trace PACKET           what the rules do with a packet, and which rules decide (exit 0 accept,
                         1 drop/reject, 3 uncertain). PACKET: [-p PROTO] [-s ADDR] [--sport N] [-d ADDR]
                         [--dport N] [-i IF] [-o IF] [--state NEW|ESTABLISHED|RELATED|INVALID]
                         [--icmp-type T] [--tcp-flags SYN,ACK] [--direction input|forward|output]
  connections [FILTER]   the tracked connections (conntrack -L, else /proc/net/nf_conntrack) that FILTER
                         picks: [-p PROTO [--sport N] [--dport N]] [-s ADDR] [-d ADDR]
  exposure               which ports the internet reaches, per interface, and the rule that decides each
                         (exit 1 when something is open that --expect does not list)
  watch FILTER           trace real packets through the rules (nf_tables): a TRACE rule for exactly FILTER
                         (-p -s -d --sport --dport -i or -o --icmp-type --tcp-flags) in raw PREROUTING/OUTPUT,
                         each packet's path printed until --count or --seconds; the rule is always removed
  logs                   the packets the LOG and NFLOG rules report (kernel log: dmesg; NFLOG: tcpdump), each
                         with its rule, the kernel log's buffer first, until --count lines or --seconds

Options:
  -4, -6                 IPv4 (default) or IPv6
  -t, --table TABLE      table for list: filter (default), nat, mangle, raw, security
  --file PATH            read a saved ruleset instead of the live firewall ('-' = stdin; no root needed)
  --netns NAME           run every iptables command inside network namespace NAME
  --backend nft|legacy   use iptables-nft-* or iptables-legacy-* (default: what \`iptables\` is)
  --json                 list, status, trace, exposure: print JSON (counters as decimal strings);
                         watch: one JSON object a line
  --count N              watch, logs: stop after N packets or lines (default 100)
  --seconds S            watch, logs: stop after S seconds (default 60)
  --confirm-timeout S    seconds to confirm a commit before it reverts (default 60, 5 to 3600)
  --root DIR             save, saved-diff, status, the view: DIR is the filesystem root (images, chroots)
  --install-loader       save: where nothing loads rules at boot, add a small loader (shown, then asks)
  --remove-loader        save: take that loader away again
  --yes                  save: do not ask (--install-loader; --netns rules to this host's boot files)
  --include-owned        save: keep Docker's, kube-proxy's, fail2ban's… chains in the boot file
  --no-wait              apply: return at once; the guard reverts unless \`fwtui confirm\` comes in time
  --noflush, -n          apply: as iptables-restore --noflush: add to the running tables, delete nothing
  --force                apply: delete or empty other programs' chains (Docker, fail2ban…) without asking
  --set NAME             block: the IP set that gets the addresses (LIST: one address or CIDR a line, # comments)
  --create TYPE          block: create the set first: hash:net or hash:ip (IPv6 with -6)
  --rule                 block: also insert -m set --match-set NAME src -j DROP at the top of INPUT
  --listen SPEC          exposure --file: the sockets, e.g. tcp/22,tcp/80@10.0.0.1,udp/53@127.0.0.1 (or none)
  --expect FILE          exposure: acknowledged exposures, one proto/port[@iface or @address] a line
  --interval SECONDS     TUI: counter refresh interval (default 1)
  --theme NAME           TUI: default, light, high-contrast, no-color
  --log FILE             append every command fwtui runs (exit code, duration) and every message to FILE (0600)
  --demo                 TUI: open a throwaway namespace with a sample ruleset and traffic
  -h, --help             this help
  -V, --version          the version

Exit codes: 0 ok, 1 failure, 2 usage, 3 unreadable ruleset, 4 needs root, 5 iptables missing,
  6 not kept: the old rules are back (apply, confirm too late), 7 a commit is pending (apply refused; status),
  8 no pending commit (confirm, revert), 9 not applied: the rules may lock you out (apply),
  10 not saved: the file would not load at boot (save), 12 not applied: it deletes other programs' chains (apply)
  trace: 0 accept, 1 drop or reject, 3 uncertain, 11 could not answer (an error, never a verdict)
  exposure: 0 nothing open beyond --expect, 1 something is; an error exits with its code above, never 0
  13 not available here (watch on legacy iptables; logs: nothing this namespace logs can be read)
  14 logs: nothing to read (no LOG or NFLOG rule)`;

const COMMANDS = new Set([
  'export',
  'list',
  'apply',
  'block',
  'confirm',
  'revert',
  'status',
  'save',
  'saved-diff',
  'trace',
  'connections',
  'exposure',
  'watch',
  'logs',
]);

export function parseArgs(argv: readonly string[]): CliOptions {
  const opts: CliOptions = {
    command: 'tui',
    family: undefined,
    file: undefined,
    netns: undefined,
    backend: undefined,
    table: undefined,
    chain: undefined,
    json: false,
    interval: 1,
    theme: undefined,
    log: undefined,
    demo: false,
    confirmTimeout: 60,
    noWait: false,
    applyFile: undefined,
    root: undefined,
    includeOwned: false,
    loader: undefined,
    yes: false,
    packet: [],
    count: 100,
    seconds: 60,
    allowLockout: false,
    noflush: false,
    force: false,
    setName: undefined,
    createType: undefined,
    addRule: false,
    listen: undefined,
    expect: undefined,
  };
  const positional: string[] = [];
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || (v.startsWith('-') && v !== '-')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = value(i, flag);
      i++;
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        opts.command = 'help';
        break;
      case '-V':
      case '--version':
        opts.command = 'version';
        break;
      case '-4':
      case '-6': {
        const family = flag === '-4' ? 'ipv4' : 'ipv6';
        if (opts.family !== undefined && opts.family !== family)
          throw new UsageError('-4 and -6 do not go together (one family at a time)');
        opts.family = family;
        break;
      }
      case '--json':
        opts.json = true;
        break;
      case '--demo':
        opts.demo = true;
        break;
      case '--no-wait':
        opts.noWait = true;
        break;
      case '--allow-lockout':
        opts.allowLockout = true;
        break;
      case '--noflush':
      case '-n':
        opts.noflush = true;
        break;
      case '--force':
        opts.force = true;
        break;
      case '--rule':
        opts.addRule = true;
        break;
      case '--set':
        opts.setName = take();
        break;
      case '--create': {
        const t = take();
        if (t !== 'hash:net' && t !== 'hash:ip') throw new UsageError(`--create takes hash:net or hash:ip, not "${t}"`);
        opts.createType = t;
        break;
      }
      case '--include-owned':
        opts.includeOwned = true;
        break;
      case '--install-loader':
        opts.loader = 'install';
        break;
      case '--remove-loader':
        opts.loader = 'remove';
        break;
      case '--yes':
        opts.yes = true;
        break;
      case '--root':
        opts.root = take();
        break;
      case '--confirm-timeout': {
        const t = take();
        const n = Number(t);
        if (!/^\d+$/.test(t) || n < 5 || n > 3600)
          throw new UsageError(`--confirm-timeout takes whole seconds from 5 to 3600, not "${t}"`);
        opts.confirmTimeout = n;
        break;
      }
      case '--file':
        opts.file = take();
        break;
      case '--listen':
        opts.listen = take();
        break;
      case '--expect':
        opts.expect = take();
        break;
      case '--netns':
        opts.netns = take();
        break;
      case '--theme':
        opts.theme = take();
        break;
      case '--log':
        opts.log = take();
        break;
      case '--backend': {
        const b = take();
        if (b !== 'nft' && b !== 'legacy') throw new UsageError(`--backend takes nft or legacy, not "${b}"`);
        opts.backend = b;
        break;
      }
      case '-t':
      case '--table': {
        const t = take();
        if (!isTableName(t)) throw new UsageError(`unknown table "${t}" (filter, nat, mangle, raw, security)`);
        opts.table = t;
        break;
      }
      case '--count':
      case '--seconds': {
        const t = take();
        const max = flag === '--count' ? 1_000_000 : 86_400;
        if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > max)
          throw new UsageError(`${flag} takes a whole number from 1 to ${max}, not "${t}"`);
        if (flag === '--count') opts.count = Number(t);
        else opts.seconds = Number(t);
        break;
      }
      case '--interval': {
        const t = take();
        const n = Number(t);
        if (!Number.isFinite(n) || n < 0.2 || n > 3600)
          throw new UsageError(`--interval takes seconds from 0.2 to 3600, not "${t}"`);
        opts.interval = n;
        break;
      }
      default:
        if ((PACKET_FLAGS as readonly string[]).includes(flag)) {
          opts.packet.push(flag, take());
          break;
        }
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        positional.push(a);
    }
  }
  if (opts.command === 'help' || opts.command === 'version') return opts;
  const [first, ...rest] = positional;
  if (first !== undefined) {
    if (!COMMANDS.has(first)) throw new UsageError(`unknown command "${first}"`);
    opts.command = first as CommandName;
  }
  if (opts.command === 'list' && rest.length > 0) opts.chain = rest.shift();
  if (opts.command === 'apply') {
    opts.applyFile = rest.shift();
    if (opts.applyFile === undefined) throw new UsageError('apply needs a FILE (iptables-save format)');
    if (opts.file !== undefined) throw new UsageError('apply reads its FILE; --file does not go with it');
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  checkBlock(opts);
  if (opts.command !== 'block' && opts.file !== undefined && (opts.netns !== undefined || opts.backend !== undefined)) {
    throw new UsageError(
      `--file reads a saved ruleset; it cannot be used with ${opts.netns !== undefined ? '--netns' : '--backend'}`,
    );
  }
  if (opts.json && !['list', 'status', 'trace', 'exposure', 'watch'].includes(opts.command))
    throw new UsageError('--json goes with list, status, trace, exposure or watch');
  checkExposure(opts);
  if (opts.packet.length > 0 && !['trace', 'connections', 'watch'].includes(opts.command))
    throw new UsageError(`${opts.packet[0]} describes a packet: it goes with trace, watch or connections`);
  if (opts.command === 'trace') checkPacket(opts);
  if (opts.command === 'connections') checkConnectionFilter(opts);
  const watchProblem = watchUsageProblem(opts, argv);
  if (watchProblem !== null) throw new UsageError(watchProblem);
  const applying = opts.command === 'apply' || opts.command === 'block';
  if (opts.noWait && !applying) throw new UsageError('--no-wait goes with apply or block');
  if (opts.allowLockout && !applying) throw new UsageError('--allow-lockout goes with apply or block');
  if ((opts.noflush || opts.force) && opts.command !== 'apply') {
    throw new UsageError('--noflush and --force go with apply');
  }
  if (opts.root !== undefined && !['save', 'saved-diff', 'tui', 'status'].includes(opts.command))
    throw new UsageError('--root goes with save, saved-diff, status or the view');
  if ((opts.loader !== undefined || opts.yes) && opts.command !== 'save')
    throw new UsageError('--install-loader, --remove-loader and --yes go with save');
  if (opts.includeOwned && opts.command !== 'save' && opts.command !== 'saved-diff')
    throw new UsageError('--include-owned goes with save or saved-diff');
  const liveOnly = ['confirm', 'revert', 'status', 'save', 'saved-diff', 'connections', 'logs'];
  if (opts.file !== undefined && liveOnly.includes(opts.command))
    throw new UsageError(`${opts.command} works on the live firewall; --file does not go with it`);
  if (opts.table && opts.command !== 'list') throw new UsageError('--table goes with list');
  return opts;
}

/** block's own options: --set and --file are needed; --set, --create and --rule go with block only. */
function checkBlock(opts: CliOptions): void {
  if (opts.command !== 'block') {
    if (opts.setName !== undefined || opts.createType !== undefined || opts.addRule)
      throw new UsageError('--set, --create and --rule go with block');
    return;
  }
  if (opts.setName === undefined) throw new UsageError('block needs --set NAME (the IP set that gets the addresses)');
  if (opts.file === undefined) throw new UsageError('block needs --file LIST (one address or CIDR a line)');
}

/** connections: the filter words are iptables' own (-p -s -d --sport --dport). */
function checkConnectionFilter(opts: CliOptions): void {
  try {
    connectionFilter(opts.packet);
  } catch (e) {
    if (e instanceof ConnectionFilterError) throw new UsageError(`connections: ${e.message}`);
    throw e;
  }
}

/** exposure's own options: --listen describes the sockets of a --file; --expect goes with exposure. */
function checkExposure(opts: CliOptions): void {
  if (opts.command !== 'exposure') {
    if (opts.listen !== undefined || opts.expect !== undefined)
      throw new UsageError('--listen and --expect go with exposure');
    return;
  }
  if (opts.listen === undefined) {
    if (opts.file !== undefined)
      throw new UsageError(
        'exposure --file needs --listen SPEC: fwtui cannot see the sockets of the machine the rules are for ' +
          '(e.g. --listen tcp/22,udp/53@127.0.0.1; --listen none when nothing listens)',
      );
    return;
  }
  if (opts.file === undefined) throw new UsageError('--listen names the sockets of a --file; live, fwtui reads them');
  try {
    parseListenSpec(opts.listen, opts.family ?? 'ipv4');
  } catch (e) {
    if (e instanceof ListenSpecError) throw new UsageError(e.message);
    throw e;
  }
}

function checkPacket(opts: CliOptions): void {
  if (opts.packet.length === 0) {
    const example = fwtuiCommand(
      { netns: opts.netns, backend: opts.backend },
      'trace',
      '-p',
      'tcp',
      '-s',
      '198.51.100.7',
      '--dport',
      '22',
    );
    throw new UsageError(`trace needs a packet, e.g. ${example}`);
  }
  try {
    parsePacketSpec(opts.packet, opts.family);
  } catch (e) {
    if (e instanceof PacketSpecError) throw new UsageError(`trace: ${e.message}`);
    throw e;
  }
}
