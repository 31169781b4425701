/**
 * fwtui.1, written from the sources --help and the view use (USAGE, the key map, the exit codes),
 * so `man fwtui` can never say something else than the program. Pure: text in, roff out.
 */
import { TABLE_NAMES } from '../../domain/model/ruleset.js';
import { keyLines } from './key-names.js';
import { usageExitCodes, usageSection, usageSynopsis } from './usage-sections.js';

/** Text as roff: backslashes escaped, no line taken for a request, hyphens of options kept as minus signs. */
export function roff(text: string): string {
  const escaped = text.replaceAll('\\', '\\e').replaceAll('-', '\\-');
  return escaped.replace(/^([.'])/gm, '\\&$1');
}

const tagged = (term: string, description: string): string => `.TP\n.B ${roff(term)}\n${roff(description)}`;

/**
 * The state directory, boot files and environment fwtui reads or writes (see src/app/safety,
 * src/domain/boot/boot-loader.ts).
 */
const FILES = [
  [
    '/run/fwtui',
    "state of a pending commit (the safety net): the saved rules, the guard's pidfile and log; " +
      "per namespace under /run/fwtui/netns/NAME. Every directory above it must be root's alone.",
  ],
  ['/etc/iptables/rules.v4, /etc/iptables/rules.v6', 'what save writes on Debian and Ubuntu (iptables-persistent)'],
  [
    '/etc/sysconfig/iptables, /etc/sysconfig/ip6tables',
    'what save writes on RHEL, Fedora and SUSE (iptables-services)',
  ],
  [
    '/etc/fwtui/rules.v4, /etc/fwtui/rules.v6',
    'where save writes when nothing loads rules at boot (with --install-loader)',
  ],
] as const;

const ENVIRONMENT = [
  ['FWTUI_STATE_DIR', 'the state directory instead of /run/fwtui (tests, chroots)'],
  ['NO_COLOR', 'the no-color theme: no colour, the selection in inverse video'],
  ['LC_ALL, LC_CTYPE, LANG', 'when the locale is not UTF-8, fwtui writes ASCII only'],
  ['TERM', 'dumb, unset or unknown: no attributes; > marks the selection'],
] as const;

/** The whole page. `date` is the page's date (YYYY-MM-DD), `version` fwtui's. */
export function manPage(version: string, date: string): string {
  const out = [
    `.TH FWTUI 1 "${date}" "fwtui ${version}" "User Commands"`,
    '.SH NAME',
    'fwtui \\- terminal UI and command line for the iptables firewall',
    '.SH SYNOPSIS',
    `.B ${roff(usageSynopsis())}`,
    '.SH DESCRIPTION',
    roff(
      "fwtui shows the machine's iptables rules with live counters, edits them, and applies changes with a " +
        'safety net: unless confirmed in time, the old rules come back. Without a command it opens the ' +
        'interactive view (needs root for the live firewall; --file reads a saved ruleset without root).',
    ),
    '.SH COMMANDS',
    ...usageSection('Commands').map((e) => tagged(e.term, e.description)),
    '.SH OPTIONS',
    ...usageSection('Options').map((e) => tagged(e.term, e.description)),
    `.PP\n${roff(`Tables: ${TABLE_NAMES.join(', ')}.`)}`,
    '.SH KEYS',
    roff('In the interactive view (? shows the same list):'),
    ...keyLines().map((k) => tagged(k.keys, k.description)),
    '.SH EXIT STATUS',
    '.nf',
    roff(usageExitCodes()),
    '.fi',
    '.SH FILES',
    ...FILES.map(([f, d]) => tagged(f, d)),
    '.SH ENVIRONMENT',
    ...ENVIRONMENT.map(([v, d]) => tagged(v, d)),
    '.SH SEE ALSO',
    '.BR iptables (8),',
    '.BR iptables\\-save (8),',
    '.BR iptables\\-restore (8),',
    '.BR ip\\-netns (8)',
  ];
  return `${out.join('\n')}\n`;
}
