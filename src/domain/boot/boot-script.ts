/**
 * Where nothing loads iptables rules at boot: the small loader fwtui offers
 * to install for /etc/fwtui/rules.v4 and rules.v6, chosen by what the system
 * has (systemd, ifupdown, OpenRC, rc.local). Shown in full before it is
 * written; `--remove-loader` takes it away again. Pure.
 */
import type { BootFacts } from './boot-loader.js';

export interface LoaderFile {
  readonly path: string;
  readonly mode: number;
  /** Text of the file; for `link`, the symlink's target. */
  readonly text: string;
  readonly link?: boolean;
  /** An existing file gets this line appended (rc.local) instead of being replaced. */
  readonly appendLine?: boolean;
}

export interface LoaderInstall {
  readonly how: string;
  readonly files: readonly LoaderFile[];
}

const RESTORE =
  'iptables-restore /etc/fwtui/rules.v4 && { [ ! -f /etc/fwtui/rules.v6 ] || ip6tables-restore /etc/fwtui/rules.v6; }';
const MARK = '# fwtui: restore saved iptables rules';

export const SYSTEMD_UNIT = `[Unit]
Description=Restore the iptables rules saved by fwtui
DefaultDependencies=no
After=local-fs.target
Before=network-pre.target
Wants=network-pre.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c '${RESTORE}'

[Install]
WantedBy=multi-user.target
`;

export function loaderInstall(facts: BootFacts): LoaderInstall {
  if (facts.exists('/lib/systemd/system') || facts.exists('/usr/lib/systemd/system')) {
    return {
      how: 'a systemd oneshot unit that runs before network-pre.target',
      files: [
        { path: '/etc/systemd/system/fwtui-restore.service', mode: 0o644, text: SYSTEMD_UNIT },
        {
          path: '/etc/systemd/system/multi-user.target.wants/fwtui-restore.service',
          mode: 0o777,
          text: '/etc/systemd/system/fwtui-restore.service',
          link: true,
        },
      ],
    };
  }
  if (facts.exists('/etc/network/if-pre-up.d')) {
    return {
      how: 'an ifupdown if-pre-up.d script (runs before the first interface comes up)',
      files: [
        {
          path: '/etc/network/if-pre-up.d/fwtui',
          mode: 0o755,
          text: `#!/bin/sh\n${MARK}\n[ "$IFACE" = lo ] || exit 0\n${RESTORE}\n`,
        },
      ],
    };
  }
  if (facts.exists('/etc/local.d')) {
    return {
      how:
        'an OpenRC local.d script (runs at the end of boot, after ' +
        'the network: add iptables to a runlevel for earlier)',
      files: [{ path: '/etc/local.d/fwtui.start', mode: 0o755, text: `#!/bin/sh\n${MARK}\n${RESTORE}\n` }],
    };
  }
  return {
    how: 'a line in /etc/rc.local (runs at the end of boot)',
    files: [{ path: '/etc/rc.local', mode: 0o755, text: `${RESTORE} ${MARK}`, appendLine: true }],
  };
}

/** rc.local with our line added (a shebang and exit 0 kept in place). */
export function withRcLine(current: string | null, line: string): string {
  const text = current ?? '#!/bin/sh -e\nexit 0\n';
  if (text.includes(MARK)) return text;
  const lines = text.split('\n');
  const exit = lines.findIndex((l) => /^\s*exit 0\s*$/.test(l));
  if (exit >= 0) lines.splice(exit, 0, line);
  else lines.splice(lines[lines.length - 1] === '' ? lines.length - 1 : lines.length, 0, line);
  return lines.join('\n');
}

/** rc.local without our line. */
export const withoutRcLine = (text: string): string =>
  text
    .split('\n')
    .filter((l) => !l.includes(MARK))
    .join('\n');
