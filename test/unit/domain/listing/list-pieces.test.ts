/** `fwtui list` of a huge table: written in pieces, without keeping each rule's decoded arguments. */
import { describe, expect, it } from 'vitest';
import { formatList, listPieces } from '../../../../src/domain/listing/list-format.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { SavedRule } from '../../../../src/domain/model/saved-rule.js';

function dump(rules: number): string {
  const lines = ['*filter', ':INPUT DROP [1:2]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':svc - [0:0]'];
  for (let i = 0; i < rules; i++) {
    lines.push(
      `[${i}:${i * 60}] -A ${i % 3 === 0 ? 'svc' : 'INPUT'} -s ` +
        `10.0.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport ${1024 + i} -j ACCEPT`,
    );
  }
  lines.push('[0:0] -A INPUT -j svc', 'COMMIT', '');
  return lines.join('\n');
}

describe('list in pieces', () => {
  const table = parseSave(dump(9000)).tables[0]!;

  it('the pieces make exactly the whole listing, and none holds more than 2000 rules', () => {
    const pieces = [...listPieces(table, 'ipv4')!];
    expect(pieces.join('')).toBe(formatList(table, 'ipv4'));
    expect(pieces.length).toBeGreaterThan(4);
    for (const p of pieces) expect(p.split('\n').length).toBeLessThanOrEqual(2003);
    expect(pieces.join('')).toMatch(/^Chain INPUT \(policy DROP 1 packets, 2 bytes\)\nnum /);
    expect(pieces.join('')).toContain('\n\nChain svc (1 references)\n');
  });

  it('printing does not keep the decoded arguments of rules read from text', () => {
    const fresh = parseSave(dump(10)).tables[0]!;
    const rule = fresh.chains[0]!.rules[0]! as SavedRule;
    const args = SavedRule.argsOnce(rule);
    expect(args).toEqual(['-s', '10.0.0.1/32', '-p', 'tcp', '-m', 'tcp', '--dport', '1025', '-j', 'ACCEPT']);
    // Not cached: every call decodes again, so nothing stays behind on the rule.
    expect(SavedRule.argsOnce(rule)).not.toBe(args);
    // Once something asked for rule.args, those are used.
    expect(SavedRule.argsOnce(rule)).not.toBe(rule.args);
    expect(SavedRule.argsOnce(rule)).toBe(rule.args);
  });

  it('an unknown chain is null, a chain alone has no blank line before it', () => {
    expect(listPieces(table, 'ipv4', 'nosuch')).toBeNull();
    expect([...listPieces(table, 'ipv4', 'svc')!].join('')).toMatch(/^Chain svc \(1 references\)\n/);
  });
});
