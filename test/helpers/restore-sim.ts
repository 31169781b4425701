/**
 * A tiny model of what iptables-restore --noflush does with the lines our
 * scripts use (-N -E -D n|rule -I n -A -F -X -P), for property tests of the
 * scripts. Real iptables checks the same scripts in test/integration.
 */
import { splitArgs } from '../../src/domain/text/quoting.js';
import type { Chain, Table } from '../../src/domain/model/ruleset.js';

export function simulateRestore(table: Table, script: string): Table {
  let chains: Chain[] = table.chains.map((c) => ({ ...c, rules: [...c.rules] }));
  const find = (name: string): Chain => {
    const c = chains.find((x) => x.name === name);
    if (!c) throw new Error(`no chain ${name}`);
    return c;
  };
  const set = (name: string, next: Chain): void => {
    chains = chains.map((c) => (c.name === name ? next : c));
  };
  for (const raw of script.split('\n')) {
    if (raw === '' || raw.startsWith('*') || raw === 'COMMIT') continue;
    const line = raw.replace(/^\[\d+:\d+\] /, '');
    const [cmd, name = '', ...rest] = line.split(' ');
    const tail = rest.join(' ');
    if (cmd === '-N') chains.push({ name, policy: null, counters: { packets: 0n, bytes: 0n }, rules: [] });
    else if (cmd === '-E') {
      set(name, { ...find(name), name: rest[0]! });
      chains = chains.map((c) => ({
        ...c,
        rules: c.rules.map((r) =>
          r.args.at(-1) === name && /^-[jg]$/.test(r.args.at(-2) ?? '')
            ? { ...r, spec: r.spec.replace(new RegExp(`${name}$`), rest[0]!), args: [...r.args.slice(0, -1), rest[0]!] }
            : r,
        ),
      }));
    } else if (cmd === '-D') {
      const c = find(name);
      // -D CHAIN N, or -D CHAIN <rule>: the first rule with exactly these words.
      const n =
        rest.length === 1 && /^\d+$/.test(rest[0]!) ? Number(rest[0]) : c.rules.findIndex((r) => r.spec === tail) + 1;
      if (!(n >= 1 && n <= c.rules.length)) throw new Error(`-D ${name} ${tail}: no such rule`);
      set(name, { ...c, rules: c.rules.filter((_, i) => i !== n - 1) });
    } else if (cmd === '-I' || cmd === '-A') {
      const c = find(name);
      const n = cmd === '-I' ? Number(rest[0]) : c.rules.length + 1;
      const spec = cmd === '-I' ? rest.slice(1).join(' ') : tail;
      if (!(n >= 1 && n <= c.rules.length + 1)) throw new Error(`${cmd} ${name} ${n}: out of range`);
      const rules = [...c.rules];
      rules.splice(n - 1, 0, { spec, args: splitArgs(spec), counters: null });
      set(name, { ...c, rules });
    } else if (cmd === '-F') set(name, { ...find(name), rules: [] });
    else if (cmd === '-X') {
      if (find(name).rules.length > 0) throw new Error(`-X ${name}: not empty`);
      chains = chains.filter((c) => c.name !== name);
    } else if (cmd === '-P') set(name, { ...find(name), policy: rest[0] as 'ACCEPT' | 'DROP' });
    else throw new Error(`unexpected line ${raw}`);
  }
  return { ...table, chains };
}

/** A table as comparable text: chains sorted, rule texts in order, policies. */
export function shape(table: Table): string {
  return [...table.chains]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((c) => `${c.name} ${c.policy ?? '-'}\n${c.rules.map((r) => `  ${r.spec}`).join('\n')}`)
    .join('\n');
}
