/**
 * A misbehaving iptables-restore for safety-net tests: a directory that goes
 * first in fwtui's PATH (and so in its guard's) with a wrapper for each
 * restore program. Control files in that directory steer it:
 * `slow` (seconds) delays the first write that holds `-j DROP` (once),
 * `lie` runs the real restore and then exits 4, `refuse` fails without
 * writing. Every real write is logged to `log` ("ms table" per line).
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = `#!/bin/sh
real=/usr/sbin/$(basename "$0")
ctl=$(dirname "$0")
case " $* " in *" --test "*) exec "$real" "$@";; esac
tmp=$(mktemp)
cat > "$tmp"
if [ -e "$ctl/refuse" ]; then
  echo "iptables-restore: line 2 failed (refused by the test wrapper)" >&2
  rm -f "$tmp"
  exit 1
fi
if [ -e "$ctl/slow" ] && grep -q -- '-j DROP' "$tmp"; then
  s=$(cat "$ctl/slow"); rm -f "$ctl/slow"; sleep "$s"
fi
"$real" "$@" < "$tmp"; rc=$?
echo "$(date +%s%3N) $(grep -m1 '^\\*' "$tmp")" >> "$ctl/log"
rm -f "$tmp"
if [ -e "$ctl/lie" ]; then exit 4; fi
exit $rc
`;

export interface RestoreWrapper {
  readonly dir: string;
  /** The environment fwtui runs with: the wrapper first in PATH, plus `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Sets (or with null removes) a control file. */
  set(name: 'slow' | 'lie' | 'refuse', value: string | null): Promise<void>;
  /** The real writes so far: when each ended and which table it wrote. */
  writes(): Promise<{ at: number; table: string }[]>;
  remove(): Promise<void>;
}

export async function createRestoreWrapper(): Promise<RestoreWrapper> {
  const dir = await mkdtemp(join(tmpdir(), 'fwtui-wrap-'));
  for (const fam of ['iptables', 'ip6tables']) {
    for (const v of ['', '-nft', '-legacy']) {
      const path = join(dir, `${fam}${v}-restore`);
      await writeFile(path, SCRIPT);
      await chmod(path, 0o755);
    }
  }
  return {
    dir,
    env: (extra = {}) => ({
      ...(process.env as Record<string, string>),
      PATH: `${dir}:${process.env.PATH ?? ''}`,
      ...extra,
    }),
    async set(name, value) {
      if (value === null) await rm(join(dir, name), { force: true });
      else await writeFile(join(dir, name), value);
    },
    async writes() {
      const text = await readFile(join(dir, 'log'), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const [at, table] = l.split(' ');
          return { at: Number(at), table: (table ?? '').slice(1) };
        });
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
